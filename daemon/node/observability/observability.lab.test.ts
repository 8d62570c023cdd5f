// A running twill-node's observability end to end (lab testdata/node-lab: etcd, an FRR ToR, two hosts of
// which only n1 runs twill-node, so its mesh session to n2 stays down): /metrics and /readyz scraped
// inside n1's namespace, the TwillNodeStatus it writes to etcd, `twillctl node status` reading it, and
// a ToR session shut down on the FRR side reaching metrics, readiness and the status object.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect } from 'chai';

import type { TwillNodeStatus } from '../../../datastore/index.js';
import { nodeRun } from '../../../lab/kinds/context.js';
import { vtyshArgv } from '../../../lab/kinds/frr.js';
import { repoPath } from '../../../lab/testing/repo.js';
import { waitFor } from '../../../lab/wait.js';
import type { NodeLab } from '../testing/node-lab.js';
import { RACK, rackLab } from '../testing/rack-lab.js';
import { parseExposition, type Exposition } from './testing/prom-text.js';

const TOR = RACK.tor;
const N2 = RACK.address.n2;
const CTL = repoPath('dist/daemon/ctl/main.js');
const POLL = { timeoutMs: 60_000, intervalMs: 500 };

describe('twill-node observability (lab: etcd, FRR ToR, one twill-node)', function () {
  this.timeout(180_000);
  let lab: NodeLab | undefined;
  const L = (): NodeLab => lab as NodeLab;

  /** GET inside n1's namespace (metrics and health listen on its loopback). */
  const get = async (url: string): Promise<{ status: number; body: string }> => {
    const script = `fetch(${JSON.stringify(url)}).then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })))`;
    const r = await L().lab.exec('n1', ['node', '-e', script]);
    return JSON.parse(r.stdout) as { status: number; body: string };
  };
  const scrape = async (): Promise<Exposition> =>
    parseExposition((await get('http://127.0.0.1:9091/metrics')).body);
  const status = (): Promise<TwillNodeStatus | undefined> =>
    L()
      .get<TwillNodeStatus>('TwillNodeStatus', 'n1')
      .catch(() => undefined);

  before(async function () {
    lab = await rackLab('obs', { blocks: ['n1'], addresses: ['n1', 'n2'] });
    // As NodeLab.writeConfig, with metrics and health on (inside n1's namespace).
    const text = [
      'nodeName: n1',
      'datastore: { type: etcd, etcd: { endpoints: [' + L().etcdEndpoint + '] } }',
      'log: { level: info, format: json }',
      `control: { socket: ${L().socket('n1')} }`,
      `restart: { stateFile: ${path.join(L().tmp, 'n1-restart.json')} }`,
      "metrics: { listen: '127.0.0.1:9091' }",
      "health: { listen: '127.0.0.1:9099' }",
    ].join('\n');
    writeFileSync(L().configFile('n1'), `${text}\n`);
    L().start('n1');
  });

  after(async function () {
    const keep = process.env['TWILL_KEEP_LOGS'];
    if (keep !== undefined && lab !== undefined) writeFileSync(path.join(keep, 'obs-n1.log'), L().log('n1'));
    await lab?.down();
  });

  it('serves /metrics with the ToR session up and the mesh session to the stopped node down', async () => {
    const m = await waitFor(
      'twill_bgp_session_up for the ToR',
      async () => {
        const e = await scrape().catch(() => undefined);
        // Up, and FRR's route (its `network 10.0.1.0/24`) received.
        return e?.has('twill_bgp_session_up', { peer: TOR }) === true &&
          e.value('twill_bgp_session_up', { peer: TOR }) === 1 &&
          e.value('twill_bgp_prefixes', { peer: TOR, direction: 'received' }) >= 1
          ? e
          : undefined;
      },
      POLL,
    );
    expect(m.value('twill_bgp_session_up', { peer: TOR, peer_type: 'GlobalPeer' })).to.equal(1);
    expect(m.value('twill_bgp_session_up', { peer: N2, peer_type: 'NodeMesh' })).to.equal(0);
    expect(m.value('twill_bgp_peer_info', { peer: TOR, bgp_peer: 'tor', peer_as: '65000' })).to.equal(1);
    expect(m.value('twill_datastore_in_sync')).to.equal(1);
    expect(m.value('twill_build_info', { version: '0.1.0' })).to.equal(1);
  });

  it('is live, and ready although its only mesh peer is down (the mesh is not a required group)', async () => {
    expect((await get('http://127.0.0.1:9099/livez')).status).to.equal(200);
    const ready = await waitFor(
      'ready',
      async () => {
        const r = await get('http://127.0.0.1:9099/readyz');
        return r.status === 200 ? r : undefined;
      },
      POLL,
    );
    const body = JSON.parse(ready.body) as { peerGroups: unknown[] };
    expect(body.peerGroups).to.deep.include({ group: 'mesh', required: false, established: 0, total: 1 });
  });

  it('writes its TwillNodeStatus to etcd, and twillctl node status shows it', async () => {
    const written = await waitFor(
      'TwillNodeStatus n1 with the ToR Established',
      async () => {
        const s = await status();
        return s?.status?.bgp?.peers?.find((p) => p.address === TOR)?.state === 'Established' &&
          s.status.agent?.ready === true
          ? s
          : undefined;
      },
      POLL,
    );
    expect(written.status?.bgp?.peers?.find((p) => p.address === N2)).to.deep.include({
      type: 'NodeMesh',
      remoteNode: 'n2',
    });
    expect(written.status?.routes?.localBlocks).to.deep.equal(['10.244.1.0/26']);
    const out = await L().lab.exec('db', [
      'node',
      CTL,
      'node',
      'status',
      '--node',
      'n1',
      '--etcd-endpoints',
      L().etcdEndpoint,
    ]);
    expect(out.stdout.split('\n')[0]).to.equal('n1: 1/2 sessions established, 1 block, ready');
    expect(out.stdout).to.match(/10\.0\.1\.1\s+global BGPPeer tor\s+65000\s+Established/);
  });

  it('a ToR session shut down on the FRR side reaches metrics, readiness and the status object', async () => {
    const tor = L().lab.nodeContext('tor');
    await nodeRun(
      tor,
      vtyshArgv(tor, ['configure terminal', 'router bgp 65000', 'neighbor 10.0.1.11 shutdown']),
    );
    const notReady = await waitFor(
      'readyz 503',
      async () => {
        const r = await get('http://127.0.0.1:9099/readyz');
        return r.status === 503 ? r : undefined;
      },
      POLL,
    );
    expect((JSON.parse(notReady.body) as { reasons: string[] }).reasons).to.deep.equal([
      'no Established session in required peer group bgppeer/tor (0/1)',
    ]);
    const m = await scrape();
    expect(m.value('twill_bgp_session_up', { peer: TOR })).to.equal(0);
    expect(m.value('twill_bgp_session_flaps_total', { peer: TOR })).to.equal(1);
    const written = await waitFor(
      'status with the ToR down',
      async () => {
        const s = await status();
        const tor = s?.status?.bgp?.peers?.find((p) => p.address === TOR);
        return tor !== undefined && tor.state !== 'Established' ? s : undefined;
      },
      // The urgent path writes within a second or two; far below the 10 s ordinary interval.
      { timeoutMs: 8_000, intervalMs: 300 },
    );
    expect(written.status?.agent?.ready).to.equal(false);
    expect(written.status?.bgp?.peers?.find((p) => p.address === TOR)?.lastError).to.be.a('string');
  });
});
