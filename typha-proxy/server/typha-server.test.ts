import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';

import { expect } from 'chai';

import { ipPool } from '../../datastore/testing/fixtures.js';
import { encodeFrame, MESSAGE_TYPES } from '../proto/index.js';
import { harnessPerTest } from '../testing/harness-per-test.js';
import { Harness, NODE_CN, NODE_URI } from '../testing/harness.js';
import { RawClient } from '../testing/raw-client.js';
import { waitFor } from '../testing/recorder.js';
import type { TestPki } from '../testing/test-pki.js';
import type { TyphaServer } from './typha-server.js';

describe('TyphaServer on real etcd and real TLS', function () {
  this.timeout(60_000);
  const fixture = harnessPerTest('/typha-server');
  let harness: Harness;
  let pki: TestPki;
  beforeEach(() => {
    harness = fixture.harness();
    pki = fixture.pki();
  });

  const disconnects = (server: TyphaServer, reason: string): number =>
    server.metrics.disconnects.value({ reason });

  it('cuts off a client that stops reading while another keeps receiving', async () => {
    const writer = harness.backend();
    await writer.create(ipPool('big', '10.1.0.0/16'));
    const server = await harness.server({ limits: { maxQueuedBytes: 256 * 1024 } });
    const { client, recorder } = await harness.client(server);
    await recorder.until('in-sync', () => recorder.status === 'in-sync');

    const stalled = new RawClient(server.port, pki.ca, await harness.identity());
    stalled.hello({ name: 'stalled' });
    await waitFor('stalled client streaming', () => server.streamingSessions().length === 2);
    stalled.stall();

    // Incompressible 48 KiB updates until the kernel buffers fill and typha's queue overflows. (The
    // stalled side does not read, so it cannot notice the close: watch the server's count.)
    let writes = 0;
    while (disconnects(server, 'slow-client') === 0) {
      if (writes++ > 2000) throw new Error('stalled client never cut off');
      const pool = await writer.get('IPPool', 'big');
      const filler = randomBytes(24 * 1024).toString('hex');
      await writer.update({ ...pool, metadata: { ...pool.metadata, annotations: { filler } } });
    }
    const last = await writer.get('IPPool', 'big');
    await recorder.until(
      'the healthy client has the latest version',
      () => recorder.state.get('IPPool/big')?.metadata.resourceVersion === last.metadata.resourceVersion,
    );
    expect(disconnects(server, 'slow-client')).to.equal(1);
    expect(harness.loggedReasons()).to.include('slow-client');
    stalled.destroy();
    expect(client.connections()).to.have.length(1);
    expect(server.streamingSessions()).to.have.length(1);
  });

  it('starts a later client from the shared snapshot plus the frames since, and it ends up the same', async () => {
    const writer = harness.backend();
    await writer.create(ipPool('a', '10.1.0.0/16'));
    await writer.create(ipPool('b', '10.2.0.0/16'));
    const server = await harness.server();
    const first = await harness.client(server);
    await first.recorder.until('first in sync', () => first.recorder.status === 'in-sync');
    const sharedAt = server.cache.position;

    const a = await writer.get('IPPool', 'a');
    await writer.update({ ...a, metadata: { ...a.metadata, labels: { changed: 'yes' } } });
    await writer.create(ipPool('c', '10.3.0.0/16'));
    await first.recorder.until('first has c', () => first.recorder.state.has('IPPool/c'));
    expect(server.snapshots.start(undefined, true).snapshot.view.position).to.equal(sharedAt);

    const second = await harness.client(server);
    await second.recorder.until('second has c', () => second.recorder.state.has('IPPool/c'));
    expect(second.recorder.state.get('IPPool/a')?.metadata.labels).to.deep.equal({ changed: 'yes' });
    expect(second.recorder.picture()).to.deep.equal(first.recorder.picture());
    expect(second.client.connections()[0]?.start).to.equal('snapshot');
  });

  describe('mutual TLS', () => {
    it('refuses a client without a certificate', async () => {
      const server = await harness.server();
      const raw = new RawClient(server.port, pki.ca, undefined);
      await raw.secured.catch(() => {});
      raw.hello();
      await raw.closed;
      expect(raw.messages).to.deep.equal([]);
      await waitFor('counted', () => disconnects(server, 'tls-handshake-failed') === 1);
    });

    it('refuses a certificate from another CA', async () => {
      const server = await harness.server();
      const raw = new RawClient(server.port, pki.ca, await pki.client(NODE_CN, [], 'other-ca'));
      await raw.secured.catch(() => {});
      raw.hello();
      await raw.closed;
      expect(raw.messages).to.deep.equal([]);
      await waitFor('counted', () => disconnects(server, 'tls-handshake-failed') === 1);
    });

    it('refuses the wrong CN and the wrong URI SAN, accepts an allowed URI SAN', async () => {
      const server = await harness.server();
      for (const identity of [
        await pki.client('intruder'),
        await pki.client('intruder', ['spiffe://twill.test/attacker']),
      ]) {
        const raw = new RawClient(server.port, pki.ca, identity);
        raw.hello();
        await raw.closed;
        expect(raw.goodbye()?.reason).to.equal('unauthorized-peer');
        expect(raw.messages.map((m) => m.type)).to.deep.equal(['GOODBYE']);
      }
      expect(disconnects(server, 'unauthorized-peer')).to.equal(2);

      const allowed = new RawClient(server.port, pki.ca, await pki.client('some-node', [NODE_URI]));
      allowed.hello();
      await waitFor('server hello', () => allowed.messages.some((m) => m.type === 'SNAPSHOT_END'));
      expect(allowed.messages[0]?.type).to.equal('HELLO');
      allowed.destroy();
    });
  });

  describe('bad input', () => {
    const oversized = Buffer.alloc(6);
    oversized.writeUInt32BE(5 * 1024 * 1024, 0);
    oversized.writeUInt8(MESSAGE_TYPES.HELLO, 4);
    const cases: Array<{ name: string; bytes: () => Buffer; reason: string }> = [
      {
        name: 'garbage inside a frame',
        bytes: () => encodeFrame(MESSAGE_TYPES.HELLO, Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b])),
        reason: 'malformed-frame',
      },
      {
        name: 'an HTTP request',
        bytes: () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
        reason: 'frame-too-large',
      },
      { name: 'an oversized frame header', bytes: () => oversized, reason: 'frame-too-large' },
      {
        name: 'an unknown message type',
        bytes: () => encodeFrame(99 as never, Buffer.alloc(4)),
        reason: 'unknown-message-type',
      },
      {
        name: 'reserved flag bits',
        bytes: () => encodeFrame(MESSAGE_TYPES.HELLO, Buffer.from('{}'), 0x80),
        reason: 'malformed-frame',
      },
      {
        name: 'a hello with an unsupported version',
        bytes: () =>
          encodeFrame(MESSAGE_TYPES.HELLO, Buffer.from(JSON.stringify({ versions: [7], features: [] }))),
        reason: 'unsupported-version',
      },
      {
        name: 'a delta from a client',
        bytes: () => encodeFrame(MESSAGE_TYPES.PONG, Buffer.alloc(0)),
        reason: 'unexpected-message',
      },
    ];

    it('disconnects each offender with a logged, counted reason; the others are unaffected', async () => {
      const writer = harness.backend();
      await writer.create(ipPool('a', '10.1.0.0/16'));
      const server = await harness.server();
      const { client, recorder } = await harness.client(server);
      await recorder.until('in-sync', () => recorder.status === 'in-sync');
      const identity = await harness.identity();

      for (const { name, bytes, reason } of cases) {
        const raw = new RawClient(server.port, pki.ca, identity);
        await raw.secured;
        raw.send(bytes());
        await raw.closed;
        expect(raw.goodbye()?.reason, name).to.equal(reason);
        expect(disconnects(server, reason), name).to.be.at.least(1);
        expect(harness.loggedReasons(), name).to.include(reason);
      }
      // Not even TLS: plain bytes on the TLS port.
      const plain = connectTcp(server.port, '127.0.0.1');
      plain.on('error', () => {});
      plain.write(randomBytes(512));
      await new Promise((resolve) => plain.once('close', resolve));
      await waitFor('plain garbage counted', () => disconnects(server, 'tls-handshake-failed') === 1);

      // The server still serves: the healthy client never dropped, sees new writes, new clients get in.
      await writer.create(ipPool('b', '10.2.0.0/16'));
      await recorder.until('the new pool', () => recorder.state.has('IPPool/b'));
      expect(client.connections()).to.have.length(1);
      const late = await harness.client(server);
      await late.recorder.until('late client in-sync', () => late.recorder.state.size === 2);
      expect(disconnects(server, 'malformed-frame')).to.equal(2);
      expect(disconnects(server, 'frame-too-large')).to.equal(2);
    });
  });

  it('sheds connections over its limit with a goodbye, and the client moves to another typha', async () => {
    await harness.backend().create(ipPool('a', '10.1.0.0/16'));
    const full = await harness.server({ maxClients: 1 });
    const spare = await harness.server();
    const first = await harness.client(full);
    await first.recorder.until('first in-sync', () => first.recorder.status === 'in-sync');

    const raw = new RawClient(full.port, pki.ca, await harness.identity());
    await raw.closed;
    expect(raw.goodbye()?.reason).to.equal('over-capacity');

    const second = await harness.client([full, spare]);
    await second.recorder.until('second in-sync', () => second.recorder.status === 'in-sync');
    const [refused, accepted] = second.client.connections();
    expect(refused?.endReason).to.equal('goodbye: over-capacity');
    expect(accepted?.address).to.equal(`127.0.0.1:${spare.port}`);
    expect(disconnects(full, 'over-capacity')).to.equal(2);
    expect(full.clientCount).to.equal(1);
  });

  it('serves Prometheus metrics and health over HTTP', async () => {
    await harness.backend().create(ipPool('a', '10.1.0.0/16'));
    const server = await harness.server();
    const { recorder } = await harness.client(server);
    await recorder.until('in-sync', () => recorder.status === 'in-sync');
    await harness.backend().create(ipPool('b', '10.2.0.0/16'));
    await recorder.until('update', () => recorder.state.size === 2);

    const base = `http://127.0.0.1:${server.httpPort ?? 0}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.include({ status: 'ok', upstream: 'in-sync', clients: 1 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).to.match(/^twill_typha_clients 1$/m);
    expect(metrics).to.match(/^twill_typha_snapshot_resources 2$/m);
    expect(metrics).to.match(/^twill_typha_bytes_sent_total [1-9]\d*$/m);
    expect(metrics).to.match(/^twill_typha_fanout_latency_seconds_count [1-9]\d*$/m);
    expect(metrics).to.match(/^twill_typha_client_starts_total\{mode="snapshot"\} 1$/m);
    expect((await fetch(`${base}/livez`)).status).to.equal(200);
  });
});
