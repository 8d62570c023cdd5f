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
import { endpoint, namespace, policy } from '../calc/testing/resources.js';
import type { NodeLab } from '../testing/node-lab.js';
import { RACK, rackLab } from '../testing/rack-lab.js';
import { parseExposition, type Exposition } from './testing/prom-text.js';

const TOR = RACK.tor;
const N2 = RACK.address.n2;
const CTL = repoPath('dist/daemon/ctl/main.js');
const POLL = { timeoutMs: 60_000, intervalMs: 500 };

interface PeerMessages {
  readonly peer: string;
  readonly messages: {
    readonly updatesReceived: number;
    readonly notificationsReceived: readonly { code: string; subcode: string; count: number }[];
  };
}

describe('twill-node observability (lab: etcd, FRR ToR, one twill-node)', function () {
  this.timeout(180_000);
  let lab: NodeLab | undefined;
  const L = (): NodeLab => lab as NodeLab;
  /** `twillctl node status --node n1`, run next to etcd. */
  const n1Status = () =>
    L().lab.exec('db', ['node', CTL, 'node', 'status', '--node', 'n1', '--etcd-endpoints', L().etcdEndpoint]);

  /** GET inside n1's namespace (metrics and health listen on its loopback). */
  const get = async (url: string): Promise<{ status: number; body: string }> => {
    const script = `fetch(${JSON.stringify(url)}).then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })))`;
    const r = await L().lab.exec('n1', ['node', '-e', script]);
    return JSON.parse(r.stdout) as { status: number; body: string };
  };
  const scrape = async (): Promise<Exposition> =>
    parseExposition((await get('http://127.0.0.1:9091/metrics')).body);
  /** `twillctl bgp peers -o json` on n1's control socket. */
  const ctlPeers = async (): Promise<PeerMessages[]> => {
    const r = await L().lab.exec('db', [
      'node',
      CTL,
      '--socket',
      L().socket('n1'),
      'bgp',
      'peers',
      '-o',
      'json',
    ]);
    return JSON.parse(r.stdout) as PeerMessages[];
  };
  const nftRules = async (): Promise<number> => {
    const r = await L().lab.exec('n1', ['nft', '-j', 'list', 'table', 'inet', 'twill']);
    const items = (JSON.parse(r.stdout) as { nftables: object[] }).nftables;
    return items.filter((item) => 'rule' in item).length;
  };
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
    const out = await n1Status();
    expect(out.stdout.split('\n')[0]).to.equal('n1: 1/2 sessions established, 1 block, ready');
    expect(out.stdout).to.match(/10\.0\.1\.1\s+global BGPPeer tor\s+65000\s+Established/);
  });

  it('counts the UPDATEs FRR sends (a soft reset out makes it send them again), in metrics and twillctl', async () => {
    const before = (await scrape()).value('twill_bgp_updates_total', { peer: TOR, direction: 'received' });
    expect(before).to.be.at.least(1);
    expect(
      (await scrape()).value('twill_bgp_updates_total', { peer: TOR, direction: 'sent' }),
    ).to.be.at.least(1);
    const tor = L().lab.nodeContext('tor');
    await nodeRun(tor, vtyshArgv(tor, ['clear bgp ipv4 unicast 10.0.1.11 soft out']));
    const after = await waitFor(
      'more UPDATEs received from the ToR',
      async () => {
        const n = (await scrape()).value('twill_bgp_updates_total', { peer: TOR, direction: 'received' });
        return n > before ? n : undefined;
      },
      POLL,
    );
    const peers = await ctlPeers();
    expect(peers.find((p) => p.peer === TOR)?.messages.updatesReceived).to.be.at.least(after);
  });

  it('reports the nft rule count of its table, equal to the kernel listing, and more rules after a policy', async () => {
    // The first apply (base chains, failsafe ports) is in the kernel and counted.
    const base = await waitFor(
      'twill_dataplane_nft_rules of the first apply',
      async () => {
        const n = (await scrape()).value('twill_dataplane_nft_rules');
        return n > 0 && n === (await nftRules()) ? n : undefined;
      },
      POLL,
    );
    await L().apply([
      namespace('web'),
      endpoint('web', 'pod1', 'n1', '10.244.1.6', { app: 'web' }),
      policy('web', 'allow-80', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
      }),
    ]);
    const counted = await waitFor(
      'more rules after the policy',
      async () => {
        const n = (await scrape()).value('twill_dataplane_nft_rules');
        return n > base ? n : undefined;
      },
      POLL,
    );
    expect(counted).to.equal(await nftRules());
    // The policy batch went through the lag measurement: syncer → graph → nftables applied.
    const lag = (await scrape()).value('twill_datastore_lag_seconds');
    expect(lag).to.be.greaterThan(0).and.lessThan(30);
    // Someone flushes the table: the drift check (every 5 s) puts it back, and counts it.
    await L().lab.exec('n1', ['nft', 'flush', 'table', 'inet', 'twill']);
    expect(await nftRules()).to.equal(0);
    const m = await waitFor(
      'the nft table repaired',
      async () => {
        const e = await scrape();
        return e.value('twill_dataplane_drift_repairs_total', { kind: 'nft-table' }) === 1 ? e : undefined;
      },
      POLL,
    );
    expect(await nftRules()).to.equal(counted);
    expect(m.value('twill_dataplane_nft_rules')).to.equal(counted);
  });

  it('puts back a kernel route of ours deleted by hand and counts it as a drift repair', async () => {
    const routes = JSON.parse(
      (await L().lab.exec('n1', ['ip', '-j', '-4', 'route', 'show', 'proto', '84'])).stdout,
    ) as { dst: string; type?: string }[];
    const victim = routes.find((r) => r.dst === '10.244.1.0/26');
    expect(victim, JSON.stringify(routes)).to.not.equal(undefined);
    await L().lab.exec('n1', [
      'ip',
      'route',
      'del',
      ...(victim?.type === undefined ? [] : [victim.type]),
      '10.244.1.0/26',
      'proto',
      '84',
    ]);
    const m = await waitFor(
      'the route back and the repair counted',
      async () => {
        const back = await L().lab.exec('n1', ['ip', '-j', 'route', 'show', '10.244.1.0/26', 'proto', '84']);
        const e = await scrape();
        return (JSON.parse(back.stdout) as unknown[]).length === 1 &&
          e.value('twill_dataplane_drift_repairs_total', { kind: 'deleted' }) === 1
          ? e
          : undefined;
      },
      POLL,
    );
    expect(m.value('twill_dataplane_drift_repairs_total', { kind: 'changed' })).to.equal(0);
  });

  it('shows a datastore outage (etcd stopped) in metrics, stays ready on its last data, and tells of it after', async () => {
    await L().stopEtcd();
    const stoppedAt = Date.now();
    try {
      await waitFor(
        'twill_datastore_connected 0',
        async () => ((await scrape()).value('twill_datastore_connected') === 0 ? true : undefined),
        POLL,
      );
      const m = await scrape();
      // The syncer keeps its last data: still in sync, nothing withdrawn, still ready (README).
      expect(m.value('twill_datastore_in_sync')).to.equal(1);
      expect(m.value('twill_bgp_prefixes', { peer: TOR, direction: 'advertised' })).to.be.at.least(1);
      expect((await get('http://127.0.0.1:9099/readyz')).status).to.equal(200);
    } finally {
      await L().restartEtcd();
    }
    await waitFor(
      'twill_datastore_connected 1',
      async () => ((await scrape()).value('twill_datastore_connected') === 1 ? true : undefined),
      POLL,
    );
    // The status object lives in the same etcd, so it can tell of the outage only once etcd is back.
    const written = await waitFor(
      'status with the ended outage',
      async () => {
        const condition = (await status())?.status?.agent?.conditions?.find(
          (c) => c.type === 'DatastoreConnected',
        );
        // This outage's report: an earlier blip (a probe timing out on a loaded machine) may have left
        // an older "last outage" in the object, written before etcd was stopped.
        return condition?.message?.includes('last outage') === true &&
          Date.parse(condition.lastTransitionTime ?? '') > stoppedAt
          ? condition
          : undefined;
      },
      POLL,
    );
    expect(written.status).to.equal('True');
    expect(Date.parse(written.lastTransitionTime ?? '')).to.be.greaterThan(stoppedAt);
    const out = await n1Status();
    expect(out.stdout.split('\n')[0]).to.equal('n1: 1/2 sessions established, 1 block, ready');
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
    // FRR's `neighbor shutdown` sends Cease / Administrative Shutdown (RFC 4486 §4, RFC 9003).
    const cease = { peer: TOR, direction: 'received', code: 'Cease', subcode: 'Administrative Shutdown' };
    expect(m.value('twill_bgp_notifications_total', cease)).to.equal(1);
    const torPeer = (await ctlPeers()).find((p) => p.peer === TOR);
    expect(torPeer?.messages.notificationsReceived).to.deep.include({
      code: 'Cease',
      subcode: 'Administrative Shutdown',
      codeNumber: 6,
      subcodeNumber: 2,
      count: 1,
    });
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
