// Driver rule 9 (bgp/fsm/driver-contract.ts): a timer that fell due while the event loop was held up
// must not overtake socket I/O that was ready before it. Real loopback sockets; the FSM's clock is a
// FakeClock advanced from inside a real timer callback, which is where Node runs due timers (before it
// polls sockets), so the ordering is the production one.
import net from 'node:net';
import { expect } from 'chai';

import { FakeClock, IPv4Address, nullLogger, parseIpAddress } from '../../common/index.js';
import { fsmConfig } from '../fsm/index.js';
import { waitFor } from '../../lab/wait.js';
import { Connection, type ConnectionOwner } from './connection.js';

const CONNECT_RETRY_SEC = 5;

/** Holds the event loop (no JS runs, the kernel goes on: a loopback handshake completes meanwhile). */
function holdEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs each function in its own real timer callback, all in one timers phase of the event loop (what
 * process.nextTick queues, such as net.connect's connect(2) for an IP address, runs between them).
 */
function inOneTimersPhase(...fns: (() => void)[]): Promise<void> {
  return new Promise((resolve) => {
    fns.forEach((fn, i) =>
      setTimeout(() => {
        fn();
        if (i === fns.length - 1) resolve();
      }, 0),
    );
  });
}

const owner: ConnectionOwner = {
  openReceived: () => 'BGPOpen',
  established: () => {},
  update: () => {},
  routeRefresh: () => {},
  down: () => {},
  drained: () => {},
};

describe('FSM timer expiries vs socket I/O already waiting (RFC 4271 §8.2.2 Connect, driver rule 9)', () => {
  let server: net.Server;
  const accepted: { socket: net.Socket; bytes: number; closed: boolean }[] = [];
  let conn: Connection | undefined;

  before(async () => {
    server = net.createServer((socket) => {
      const entry = { socket, bytes: 0, closed: false };
      accepted.push(entry);
      socket.on('data', (d: Buffer) => (entry.bytes += d.length));
      socket.on('close', () => (entry.closed = true));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    conn?.dispose();
    for (const a of accepted) a.socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a ConnectRetryTimer that falls due after the handshake completed keeps that connection (no drop and reconnect)', async () => {
    const clock = new FakeClock();
    conn = new Connection(
      {
        localAs: 65001,
        routerId: IPv4Address.parse('10.0.0.1'),
        peerAddress: parseIpAddress('127.0.0.1'),
        peerAs: 65001,
        peerPort: (server.address() as net.AddressInfo).port,
        passive: false,
        families: ['ipv4-unicast'],
        fsm: fsmConfig({ connectRetryTimeSec: CONNECT_RETRY_SEC }),
      },
      clock,
      nullLogger,
      owner,
      'local',
    );
    const c = conn;
    // The connection attempt starts, the loop is held past the handshake, and the timer falls due
    // during the hold: both are ready when the loop goes on, and Node runs the timer first.
    await inOneTimersPhase(
      () => c.dispatch({ type: 'ManualStart' }),
      () => {
        expect(c.state).to.equal('Connect');
        holdEventLoop(300);
        clock.advance(CONNECT_RETRY_SEC * 1000);
      },
    );
    await waitFor('the OPEN on an accepted connection', async () =>
      accepted.some((a) => a.bytes > 0) ? true : undefined,
    );
    expect(c.state).to.equal('OpenSent');
    // One connection, the first, carrying our OPEN; before rule 9 the expiry dropped it (closed, no
    // OPEN) and a second connection carried the OPEN.
    expect(accepted.map((a) => ({ bytes: a.bytes > 0, closed: a.closed }))).to.deep.equal([
      { bytes: true, closed: false },
    ]);
    expect(c.runner.runningTimers()).to.not.include('ConnectRetryTimer');
  });

  it('an expiry that no I/O made moot is still delivered (OpenSent, no OPEN from the peer: HoldTimer)', async () => {
    const clock = new FakeClock();
    const c = new Connection(
      {
        localAs: 65001,
        routerId: IPv4Address.parse('10.0.0.1'),
        peerAddress: parseIpAddress('127.0.0.1'),
        peerAs: 65001,
        peerPort: (server.address() as net.AddressInfo).port,
        passive: false,
        families: ['ipv4-unicast'],
        fsm: fsmConfig({ connectRetryTimeSec: CONNECT_RETRY_SEC, holdTimeSec: 3, largeHoldTimeSec: 10 }),
      },
      clock,
      nullLogger,
      owner,
      'local',
    );
    try {
      const before = accepted.length;
      c.dispatch({ type: 'ManualStart' });
      await waitFor('OpenSent', async () => (c.state === 'OpenSent' ? true : undefined));
      // The peer never answers our OPEN: the large HoldTimer of OpenSent expires (§8.2.2) and the FSM
      // gives up with a NOTIFICATION, deferred or not.
      await inOneTimersPhase(() => clock.advance(10_000));
      await waitFor('the hold timer expiry to be delivered', async () =>
        c.state === 'Idle' ? true : undefined,
      );
      expect(accepted.length).to.equal(before + 1);
    } finally {
      c.dispose();
    }
  });
});
