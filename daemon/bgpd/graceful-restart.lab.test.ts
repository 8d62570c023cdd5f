// Graceful restart (RFC 4724) and max-prefix (RFC 4486 §4) with real peers: twill-bgpd (the binary, in its
// own namespace) with BIRD 2 and FRR, all configured for graceful restart (bgp/speaker/testdata/gr).
// Twill restarting: BIRD and FRR keep its route in their kernels throughout (stale, then refreshed).
// BIRD restarting: Twill keeps its routes stale until End-of-RIB, then sweeps the one BIRD dropped.
// Max-prefix: BIRD's second session sends six prefixes where five are allowed: Cease/1 both sides.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Lab } from '../../lab/lab.js';
import { birdSocket } from '../../lab/kinds/bird.js';
import { startDaemon } from '../../lab/kinds/context.js';
import { frrKind } from '../../lab/kinds/frr.js';
import { birdc } from '../../lab/routers/birdc.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import type { PeerStatusWithCounts, RouteJson } from '../../bgp/speaker/index.js';
import { request } from '../ctl/control-client.js';
import { BgpdLab } from './testing/bgpd-lab.js';

const DIR = repoPath('bgp/speaker/testdata/gr');
const BIRD = '10.0.1.1';
const FRR = '10.0.2.1';
const MAXPFX = '10.0.4.1';
const FAST = { intervalMs: 300 };

interface FrrRoute {
  paths?: { stale?: boolean; aspath?: { string?: string } }[];
}

describe('graceful restart and max-prefix: twill-bgpd with BIRD 2 and FRR', function () {
  this.timeout(180_000);
  let lab: Lab | undefined;
  let harness: BgpdLab | undefined;
  let socket: string;

  /** With `forwardingPreserved`, the restarted speaker says it kept its routes (R and F bits). */
  const writeConfig = (forwardingPreserved: boolean): void =>
    (harness as BgpdLab).writeConfig((text) =>
      forwardingPreserved
        ? text.replace('{ restartTimeSec: 60,', '{ restartTimeSec: 60, forwardingPreserved: true,')
        : text,
    );
  const startBgpd = (): void => {
    (harness as BgpdLab).startBgpd();
  };

  before(async () => {
    harness = await BgpdLab.up({ dir: DIR, topology: 'gr.clab.yml', tag: 'bgpgr' });
    lab = harness.lab;
    socket = harness.socket;
  });

  after(async () => {
    await harness?.down();
  });

  const peers = (): Promise<PeerStatusWithCounts[]> => (harness as BgpdLab).peers();
  const peer = async (address: string) => (await peers()).find((p) => p.peer === address);
  const received = async (address: string): Promise<RouteJson[]> =>
    (await request(socket, 'bgp.routes', { view: 'received', peer: address })) as RouteJson[];
  const frrRoute = (prefix: string) =>
    vtyshJson<FrrRoute>((lab as Lab).nodeContext('frr1'), `show bgp ipv4 unicast ${prefix} json`);

  it('negotiates graceful restart with BIRD and FRR (per twillctl)', async () => {
    const all = await waitFor(
      'twillctl: BIRD and FRR Established with the GR capability',
      async () => {
        const p = await peers();
        const up = (a: string) => p.find((x) => x.peer === a && x.state === 'Established');
        return up(BIRD)?.gracefulRestart.peer !== undefined && up(FRR)?.gracefulRestart.peer !== undefined
          ? p
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const bird = all.find((p) => p.peer === BIRD);
    expect(bird?.gracefulRestart).to.deep.include({ enabled: true, restartTimeSec: 60 });
    expect(bird?.gracefulRestart.peer).to.deep.include({ restartTimeSec: 3, restartState: false });
    expect(bird?.gracefulRestart.peer?.longLivedStaleTimeSec).to.deep.equal({ 'ipv4-unicast': 120 });
    expect(all.find((p) => p.peer === FRR)?.gracefulRestart.peer?.restartTimeSec).to.equal(60);
    // BIRD sees our capability: restart time, families, and no forwarding preserved on a first start.
    const proto = await birdc((lab as Lab).nodeContext('bird1'), 'show protocols all twill');
    const neighbor = proto.slice(proto.indexOf('Neighbor capabilities'));
    expect(neighbor).to.match(/Long-lived graceful restart[\s\S]*LL stale time: 120/);
    expect(neighbor).to.match(
      /Graceful restart\s+Restart time: 60\s+AF supported: ipv4 ipv6\s+AF preserved:\s*\n/,
    );
  });

  it('resets a peer over its max-prefix with Cease/1, in words on both sides, and holds it down', async () => {
    const p = await waitFor(
      'Twill: the maxpfx session held down',
      async () => {
        const x = await peer(MAXPFX);
        return x?.heldDown !== undefined ? x : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
    expect(p.lastError).to.equal('Sent NOTIFICATION 6/1 Maximum Number of Prefixes Reached');
    expect(p.heldDown?.reason).to.equal('maximum prefixes reached for ipv4-unicast: 6 received, limit 5');
    expect(p.state).to.not.equal('Established');
    const bird = await waitFor(
      'BIRD: the maxpfx session shows the NOTIFICATION reason',
      async () => {
        const text = await birdc((lab as Lab).nodeContext('bird1'), 'show protocols all maxpfx');
        return /Maximum number of prefixes reached/i.test(text) ? text : undefined;
      },
      FAST,
    );
    expect(bird).to.match(/Received: Maximum number of prefixes reached/i);
  });

  it('helps BIRD restart: its routes stay stale until End-of-RIB, then the one it dropped is swept', async () => {
    const l = lab as Lab;
    await waitFor('Twill: both BIRD prefixes received', async () =>
      (await received(BIRD)).length === 2 ? true : undefined,
    );
    const bird = l.processes.find((p) => p.node === 'bird1' && p.name === 'bird');
    if (bird === undefined) throw new Error('no bird process in the lab state');
    process.kill(bird.pid, 'SIGKILL');
    const stale = await waitFor(
      'Twill: BIRD down, its routes kept stale',
      async () => {
        const p = await peer(BIRD);
        const r = await received(BIRD);
        return p?.state !== 'Established' && r.length === 2 && r.every((x) => x.stale === true)
          ? { p, r }
          : undefined;
      },
      FAST,
    );
    expect(stale.p?.gracefulRestart.helper).to.deep.include({
      state: 'restarting',
      staleFamilies: ['ipv4-unicast'],
    });
    const best = (await request(socket, 'bgp.routes', { view: 'best' })) as RouteJson[];
    expect(best.find((r) => r.prefix === '10.100.1.0/24')).to.include({ peer: BIRD, stale: true });
    // BIRD's restart time is 3 s: then its routes stay as long-lived stale (RFC 9494), tagged LLGR_STALE.
    const llgr = await waitFor(
      'Twill: BIRD routes kept with LLGR_STALE after the restart time',
      async () => {
        const p = await peer(BIRD);
        const r = await received(BIRD);
        return p?.gracefulRestart.helper?.state === 'long-lived-stale' &&
          r.length === 2 &&
          r.every((x) => x.stale === true && x.communities?.includes('65535:6') === true)
          ? r
          : undefined;
      },
      { ...FAST, timeoutMs: 20_000 },
    );
    expect(llgr.map((r) => r.prefix)).to.deep.equal(['10.100.0.0/24', '10.100.1.0/24']);
    const bestLlgr = (await request(socket, 'bgp.routes', { view: 'best' })) as RouteJson[];
    expect(bestLlgr.find((r) => r.prefix === '10.100.1.0/24')?.communities).to.include('65535:6');
    // BIRD comes back without 10.100.1.0/24 (and with five prefixes on maxpfx).
    const ctx = l.nodeContext('bird1');
    startDaemon(
      ctx,
      'bird',
      ['bird', '-f', '-c', path.join(DIR, 'bird1/bird-after.conf'), '-s', birdSocket(ctx)],
      {
        cwd: DIR,
      },
    );
    await waitFor(
      'Twill: BIRD back, 10.100.1.0/24 swept and 10.100.0.0/24 fresh',
      async () => {
        const r = await received(BIRD);
        return r.length === 1 && r[0]?.prefix === '10.100.0.0/24' && r[0].stale === undefined
          ? true
          : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
    expect((await peer(BIRD))?.gracefulRestart.helper).to.equal(undefined);
    // The max-prefix session comes back after its hold-down and stays, now within its limit.
    const p = await waitFor(
      'Twill: maxpfx back after the hold-down, five prefixes',
      async () => {
        const x = await peer(MAXPFX);
        return x?.state === 'Established' && x.prefixes['ipv4-unicast']?.received === 5 ? x : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
    expect(p.heldDown).to.equal(undefined);
    expect(p.maxPrefix?.['ipv4-unicast']).to.deep.include({ limit: 5, received: 5, state: 'warning' });
  });

  it("helps FRR's bgpd restart: its route stays, stale, until it is back and refreshed", async () => {
    const l = lab as Lab;
    await waitFor('Twill: FRR route received', async () =>
      (await received(FRR)).some((r) => r.prefix === '10.200.0.0/24') ? true : undefined,
    );
    const bgpdProcess = l.processes.find((p) => p.node === 'frr1' && p.name === 'bgpd');
    if (bgpdProcess === undefined) throw new Error('no FRR bgpd process in the lab state');
    process.kill(bgpdProcess.pid, 'SIGKILL');
    const during = await waitFor(
      'Twill: FRR down, 10.200.0.0/24 kept stale',
      async () => {
        const p = await peer(FRR);
        const r = (await received(FRR)).find((x) => x.prefix === '10.200.0.0/24');
        return p?.state !== 'Established' && r?.stale === true ? p : undefined;
      },
      FAST,
    );
    expect(during.gracefulRestart.helper?.state).to.equal('restarting');
    const ctx = l.nodeContext('frr1');
    const file = (name: string) => path.join(ctx.dir, name);
    startDaemon(ctx, 'bgpd', [
      '/usr/lib/frr/bgpd',
      ...['-f', file('bgpd.conf'), '-i', file('bgpd.pid'), '-z', file('zserv.api')],
      ...['--vty_socket', ctx.dir, '-P', '0', '--log', `file:${file('frr.log')}`],
    ]);
    await waitFor('FRR bgpd answers vtysh', async () => {
      const r = await l.exec('frr1', ['vtysh', '--vty_socket', ctx.dir, '-c', 'show bgp summary'], {
        allowFailure: true,
      });
      return r.code === 0 ? true : undefined;
    });
    await frrKind.configure?.(ctx);
    await waitFor(
      'Twill: FRR back, 10.200.0.0/24 refreshed and no longer stale',
      async () => {
        const p = await peer(FRR);
        const r = (await received(FRR)).find((x) => x.prefix === '10.200.0.0/24');
        return p?.state === 'Established' &&
          r !== undefined &&
          r.stale === undefined &&
          p.gracefulRestart.helper === undefined
          ? p
          : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
  });

  it('restarts Twill (kill -9) with forwarding preserved: BIRD and FRR keep its route throughout, stale, then refreshed', async () => {
    const l = lab as Lab;
    for (const node of ['bird1', 'frr1'])
      await waitFor(`${node}: 10.10.0.0/24 in the kernel`, async () =>
        (await l.kernelRoutes(node)).some((r) => r.dst === '10.10.0.0/24') ? true : undefined,
      );
    (harness as BgpdLab).process?.kill('SIGKILL');
    writeConfig(true);
    let sawFrrStale = false;
    const missing: string[] = [];
    const watch = async (): Promise<void> => {
      for (const node of ['bird1', 'frr1'])
        if (!(await l.kernelRoutes(node)).some((r) => r.dst === '10.10.0.0/24')) missing.push(node);
    };
    await waitFor(
      'FRR: the route from Twill kept stale',
      async () => {
        await watch();
        const r = await frrRoute('10.10.0.0/24');
        return r.paths?.some((x) => x.stale === true) === true ? true : undefined;
      },
      FAST,
    ).then(() => (sawFrrStale = true));
    const birdProto = await birdc(l.nodeContext('bird1'), 'show protocols all twill');
    expect(birdProto).to.match(/Neighbor graceful restart active/);
    startBgpd();
    await waitFor(
      'FRR: the route refreshed (not stale) after Twill restarted',
      async () => {
        await watch();
        const r = await frrRoute('10.10.0.0/24');
        const paths = r.paths ?? [];
        return paths.length > 0 && paths.every((x) => x.stale !== true) ? true : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
    await waitFor(
      'BIRD: graceful restart of Twill finished',
      async () => {
        await watch();
        const text = await birdc(l.nodeContext('bird1'), 'show protocols all twill');
        return /Established/.test(text) && !/Neighbor graceful restart active/.test(text) ? true : undefined;
      },
      { ...FAST, timeoutMs: 60_000 },
    );
    await watch();
    // Our OPEN after the restart: forwarding preserved (F bit) for both families.
    const caps = await birdc(l.nodeContext('bird1'), 'show protocols all twill');
    const neighborCaps = caps.slice(caps.indexOf('Neighbor capabilities'));
    expect(neighborCaps).to.match(/AF preserved: ipv4 ipv6/);
    expect(neighborCaps, 'the R bit in our OPEN after the restart').to.match(/Restart recovery/);
    expect(sawFrrStale).to.equal(true);
    expect(missing, 'the route left a router kernel during the restart').to.deep.equal([]);
    // Twill deferred selection until End-of-RIB from both, then advertised: nothing is deferred now.
    const p = await peers();
    expect(p.find((x) => x.peer === BIRD)?.gracefulRestart.deferringForPeer).to.equal(false);
    expect(readFileSync(path.join((harness as BgpdLab).tmp, 'bgpd.log'), 'utf8')).to.match(
      /selection deferral over.*end-of-rib/,
    );
  });
});
