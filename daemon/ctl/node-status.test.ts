// `twillctl node status`: the view (summary line, peer rows, staleness) and the command as a process
// against a real etcd holding statuses written by twill-node's own builder and sink.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';

import { EtcdBackend, type TwillNodeStatus } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { repoPath } from '../../lab/testing/repo.js';
import { StatusBuilder } from '../node/observability/status-builder.js';
import { DatastoreStatusSink } from '../node/observability/status-sink.js';
import { peer, snapshot, T0 } from '../node/observability/testing/snapshot-fixture.js';
import { commandGroup } from './ctl-args.js';
import { parseNodeArgs } from './node-command.js';
import { nodeStatusEntries, renderNodeStatus, summaryLine } from './node-status-view.js';

const run = promisify(execFile);
const CTL = repoPath('dist/daemon/ctl/main.js');

function resource(name: string, wallMs: number, extra: Parameters<typeof snapshot>[0] = {}): TwillNodeStatus {
  return {
    apiVersion: 'twill.dev/v1',
    kind: 'TwillNodeStatus',
    metadata: { name },
    spec: {},
    status: new StatusBuilder().build(snapshot({ nodeName: name, ...extra }), wallMs),
  };
}

describe('twillctl node status', function () {
  this.timeout(30_000);

  describe('view', () => {
    it('sums up a node in one line and lists each session', () => {
      const entries = nodeStatusEntries([resource('node-1', T0)], T0 + 30_000);
      expect(summaryLine(entries[0]!)).to.equal('node-1: 3/4 sessions established, 2 blocks, ready');
      const text = renderNodeStatus(entries, 'table', T0 + 30_000);
      const rows = text.split('\n');
      expect(rows[1]).to.match(
        /^ {2}PEER\s+TYPE\s+AS\s+STATE\s+SINCE\s+LAST ERROR\s+PREFIXES RCV\/ACC\/ADV\s+GR\s+BFD$/,
      );
      const tor2 = rows.find((r) => r.includes('10.0.1.253')) ?? '';
      expect(tor2).to.match(/global BGPPeer tor\s+65000\s+Active\s+0m35s\s+connection refused\s+1\/1\/1/);
      const mesh = rows.find((r) => r.includes('10.0.2.1')) ?? '';
      expect(mesh).to.match(/mesh \(node-2\)\s+64512\s+Established\s+1m30s/);
    });

    it('says why a node is not ready, and flags a status older than the stale limit', () => {
      const down = resource('node-2', T0, {
        bgp: {
          routerId: '10.0.1.2',
          asNumber: 64512,
          peers: [peer('10.0.1.254', { type: 'GlobalPeer', bgpPeer: 'tor', state: 'Idle' })],
        },
      });
      const [fresh, stale] = nodeStatusEntries([down, resource('node-3', T0 - 600_000)], T0 + 10_000, 180);
      expect(fresh?.stale).to.equal(false);
      expect(summaryLine(fresh!)).to.equal(
        'node-2: 0/1 sessions established, 2 blocks, NOT READY (no Established session in required peer group bgppeer/tor (0/1))',
      );
      expect(stale?.stale).to.equal(true);
      expect(stale?.observedSecondsAgo).to.equal(610);
      expect(summaryLine(stale!)).to.contain('STALE: last report 10m10s ago');
    });

    it('says when a pool asks for an encapsulation this node’s kernel lacks', () => {
      const message = 'IPPool tunnel asks for IP-in-IP, but this kernel has no IP-in-IP support.';
      const base = snapshot();
      const lacking = resource('node-4', T0, {
        dataplane: {
          ...base.dataplane,
          unsupportedEncapsulations: [{ encapsulation: 'ipip', pools: ['tunnel'], message }],
        },
      });
      const text = renderNodeStatus(nodeStatusEntries([lacking], T0), 'table', T0);
      expect(text).to.contain(`  encapsulation: ${message}\n`);
      expect(renderNodeStatus(nodeStatusEntries([resource('node-1', T0)], T0), 'table', T0)).to.not.contain(
        'encapsulation:',
      );
    });

    it('flags a datastore outage in the summary and says since when, the node still ready', () => {
      const outage = resource('node-4', T0, {
        datastore: {
          connected: false,
          inSync: true,
          resyncs: 0,
          connectedSinceMs: T0 - 65_000,
          connectionError: 'etcd get failed: connect ECONNREFUSED',
        },
      });
      const entries = nodeStatusEntries([outage, resource('node-1', T0)], T0 + 1_000);
      expect(summaryLine(entries[1]!)).to.equal(
        'node-4: 3/4 sessions established, 2 blocks, ready, DATASTORE UNREACHABLE',
      );
      expect(summaryLine(entries[0]!)).to.not.contain('DATASTORE');
      const text = renderNodeStatus(entries, 'table', T0 + 1_000);
      expect(text).to.contain(
        '  datastore: unreachable since 2026-11-26T09:58:55.000Z: etcd get failed: connect ECONNREFUSED; the last data stays in force\n',
      );
    });

    it('finds the command word past global flags and parses --all', () => {
      // main.ts dispatches on commandGroup: a flag's value ('node' below) is not the command word.
      expect(commandGroup(['-o', 'json', 'node', 'status'])).to.equal('node');
      expect(commandGroup(['--etcd-endpoints', 'node', 'bgp', 'peers'])).to.equal('bgp');
      expect(commandGroup(['bgp', 'peers'])).to.equal('bgp');
      expect(parseNodeArgs(['node', 'status', '--all', '-o=yaml']).all).to.equal(true);
    });
  });

  describe('as a process against a real etcd', () => {
    let server: EtcdServer;
    const ctl = (...args: string[]) =>
      run('node', [CTL, ...args], {
        env: { ...process.env, TWILL_DATASTORE_TYPE: '', TWILL_ETCD_ENDPOINTS: '' },
      });

    before(async () => {
      server = await startEtcd();
      const backend = new EtcdBackend({ endpoints: [server.endpoint] });
      const now = Date.now();
      await new DatastoreStatusSink(backend, 'node-1').write(new StatusBuilder().build(snapshot(), now));
      await new DatastoreStatusSink(backend, 'node-2').write(
        new StatusBuilder().build(snapshot({ nodeName: 'node-2' }), now - 3_600_000),
      );
      await backend.close();
    });
    after(async () => server?.stop());

    it('shows every node with --all, the old one flagged stale', async () => {
      const { stdout } = await ctl('node', 'status', '--all', '--etcd-endpoints', server.endpoint);
      const summaries = stdout.split('\n').filter((l) => /^node-\d:/.test(l));
      expect(summaries).to.have.length(2);
      expect(summaries[0]).to.equal('node-1: 3/4 sessions established, 2 blocks, ready');
      expect(summaries[1]).to.match(
        /^node-2: 3\/4 sessions established, 2 blocks, ready, STALE: last report 1h0m\d+s ago, twill-node may be down$/,
      );
      expect(stdout).to.contain('10.0.1.253');
    });

    it('shows one node with --node, as JSON and YAML, with the datastore from TWILL_* variables', async () => {
      const env = { ...process.env, TWILL_DATASTORE_TYPE: 'etcd', TWILL_ETCD_ENDPOINTS: server.endpoint };
      const json = JSON.parse(
        (await run('node', [CTL, 'node', 'status', '--node', 'node-1', '-o', 'json'], { env })).stdout,
      ) as Array<{
        node: string;
        stale: boolean;
        status: TwillNodeStatus['status'];
      }>;
      expect(json.map((e) => [e.node, e.stale])).to.deep.equal([['node-1', false]]);
      expect(json[0]?.status?.bgp?.peers?.find((p) => p.address === '10.0.1.254')).to.deep.include({
        state: 'Established',
        prefixesReceived: 5,
        bgpPeer: 'tor',
      });
      const yaml = parseYaml(
        (await run('node', [CTL, '-o', 'yaml', 'node', 'status', '--node=node-2'], { env })).stdout,
      ) as Array<{
        node: string;
        stale: boolean;
      }>;
      expect(yaml.map((e) => [e.node, e.stale])).to.deep.equal([['node-2', true]]);
    });

    it('fails with a clear message for a node without a status, and exit code 2 for bad usage', async () => {
      const missing = await ctl(
        'node',
        'status',
        '--node',
        'node-9',
        '--etcd-endpoints',
        server.endpoint,
      ).catch((e: unknown) => e);
      expect((missing as { code: number }).code).to.equal(1);
      expect((missing as { stderr: string }).stderr).to.contain(
        'no TwillNodeStatus for node "node-9" (use --all',
      );
      const usage = await ctl('node', 'status', '--all', '--node', 'x').catch((e: unknown) => e);
      expect((usage as { code: number }).code).to.equal(2);
      expect((usage as { stderr: string }).stderr).to.contain('--node and --all exclude each other');
    });
  });
});
