// startNodeObservability with every part on, over loopback and an in-memory datastore: the handles the
// runtime calls move the metrics, the status object and readiness together.
import { expect } from 'chai';

import { nullLogger } from '../../../common/index.js';
import { MemoryBackend } from '../../../datastore/index.js';
import type { NodeSnapshot } from './snapshot.js';
import { parseExposition } from './testing/prom-text.js';
import { peer, snapshot } from './testing/snapshot-fixture.js';
import { startNodeObservability, type NodeObservability } from './wire.js';

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startNodeObservability', function () {
  this.timeout(20_000);
  const backend = new MemoryBackend();
  let current: NodeSnapshot = snapshot();
  let obs: NodeObservability;

  before(async () => {
    obs = await startNodeObservability({
      config: { nodeName: 'node-1', metrics: { listen: '127.0.0.1:0' }, health: { listen: '127.0.0.1:0' } },
      snapshot: () => current,
      log: nullLogger,
      backend,
      statusTiming: { intervalMs: 60_000, urgentDelayMs: 50, urgentMinIntervalMs: 100 },
    });
  });
  after(async () => {
    await obs.close();
    await backend.close();
  });

  it('writes the status at start and serves metrics and health', async () => {
    await until(
      async () => (await backend.get('TwillNodeStatus', 'node-1')).status?.agent?.ready === true,
      'status',
    );
    const metrics = parseExposition(
      await (await fetch(`http://127.0.0.1:${obs.metricsPort}/metrics`)).text(),
    );
    expect(metrics.value('twill_bgp_session_up', { peer: '10.0.1.254' })).to.equal(1);
    expect((await fetch(`http://127.0.0.1:${obs.healthPort}/livez`)).status).to.equal(200);
    await until(
      async () => (await fetch(`http://127.0.0.1:${obs.healthPort}/readyz`)).status === 200,
      'ready',
    );
  });

  it('a session state change is written within the urgent delay, counted as a flap, and flips readiness', async () => {
    current = snapshot({
      bgp: {
        routerId: '10.0.1.1',
        asNumber: 64512,
        peers: [
          peer('10.0.1.254', {
            type: 'GlobalPeer',
            bgpPeer: 'tor',
            state: 'Idle',
            lastError: 'hold timer expired',
          }),
        ],
      },
    });
    obs.sessionStateChanged('10.0.1.254', 'Idle');
    await until(
      async () => (await backend.get('TwillNodeStatus', 'node-1')).status?.bgp?.peers?.[0]?.state === 'Idle',
      'Idle written (the interval is 60 s: only the urgent path can have written it)',
    );
    const status = (await backend.get('TwillNodeStatus', 'node-1')).status;
    expect(status?.agent?.ready).to.equal(false);
    const metrics = parseExposition(
      await (await fetch(`http://127.0.0.1:${obs.metricsPort}/metrics`)).text(),
    );
    expect(metrics.value('twill_bgp_session_flaps_total', { peer: '10.0.1.254' })).to.equal(1);
    // /readyz is at most one health beat old (500 ms).
    let reasons: string[] = [];
    await until(async () => {
      const readyz = await fetch(`http://127.0.0.1:${obs.healthPort}/readyz`);
      reasons = ((await readyz.json()) as { reasons: string[] }).reasons;
      return readyz.status === 503;
    }, 'not ready');
    expect(reasons).to.deep.equal(['no Established session in required peer group bgppeer/tor (0/1)']);
  });
});
