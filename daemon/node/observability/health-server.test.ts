// Health endpoints for real: a worker-thread server over loopback, readiness following its inputs,
// and liveness catching a main event loop that is really blocked (in a child process).
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { nullLogger } from '../../../common/index.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { evaluateReadiness } from './readiness.js';
import type { NodeSnapshot } from './snapshot.js';
import { snapshot } from './testing/snapshot-fixture.js';

async function get(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('twill-node health endpoints', function () {
  this.timeout(30_000);

  describe('readiness over loopback', () => {
    let current: NodeSnapshot = snapshot();
    let server: HealthServer;

    before(async () => {
      server = await startHealthServer({
        listen: { host: '127.0.0.1', port: 0 },
        readiness: () => evaluateReadiness(current),
        log: nullLogger,
        beatIntervalMs: 50,
      });
    });
    after(async () => server.close());

    it('is 200 with its per-group counts when ready, and /readiness is the same', async () => {
      const { body } = await until(
        () => get(server.port, '/readyz'),
        (r) => r.status === 200,
        'ready',
      );
      expect(body.ready).to.equal(true);
      expect(body.peerGroups).to.deep.include({
        group: 'bgppeer/tor',
        required: true,
        established: 1,
        total: 2,
      });
      expect((await get(server.port, '/readiness')).status).to.equal(200);
    });

    it('turns 503 with the reasons when an input fails, and back', async () => {
      current = snapshot({ datastore: { connected: true, inSync: false, resyncs: 0 } });
      const notReady = await until(
        () => get(server.port, '/readyz'),
        (r) => r.status === 503,
        'not ready',
      );
      expect(notReady.body.reasons).to.deep.equal(['datastore not in sync yet']);
      current = snapshot();
      await until(
        () => get(server.port, '/readyz'),
        (r) => r.status === 200,
        'ready again',
      );
    });

    it('is live while the loop turns', async () => {
      const { status, body } = await get(server.port, '/livez');
      expect(status).to.equal(200);
      expect(body.live).to.equal(true);
      expect((await get(server.port, '/liveness')).status).to.equal(200);
    });
  });

  describe('liveness with a really blocked event loop (child process)', () => {
    let child: ChildProcessWithoutNullStreams | undefined;
    let output = '';

    after(() => {
      child?.kill('SIGKILL');
    });

    it('answers 503 naming the stall while the loop is blocked, and 200 once it turns again', async () => {
      const script = fileURLToPath(new URL('./testing/blocking-health-child.js', import.meta.url));
      child = spawn(process.execPath, [script, '1000'], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const port = Number(
        (await until(
          async () => /port (\d+)/.exec(output)?.[1],
          (p) => p !== undefined,
          'child port',
        ))!,
      );
      expect((await get(port, '/livez')).status).to.equal(200);
      child.stdin.write('block 5000\n');
      await until(
        async () => output.includes('blocking'),
        (b) => b,
        'child blocking',
      );
      const stalled = await until(
        () => get(port, '/livez'),
        (r) => r.status === 503,
        'liveness 503',
        4_500,
      );
      expect(stalled.body.live).to.equal(false);
      expect(String(stalled.body.reason)).to.match(
        /main event loop has not turned for \d+\.\d s \(limit 1 s\)/,
      );
      const ready = await get(port, '/readyz');
      expect(ready.status, 'a stuck daemon is not ready either').to.equal(503);
      await until(
        async () => output.includes('unblocked'),
        (b) => b,
        'child unblocked',
      );
      await until(
        () => get(port, '/livez'),
        (r) => r.status === 200,
        'liveness back to 200',
      );
      child.stdin.write('exit\n');
      await new Promise<void>((resolve) => child?.once('exit', () => resolve()));
      child = undefined;
    });
  });
});
