// twill-node end to end in one rack: a real etcd, an FRR top-of-rack switch and two twill-node
// processes in namespaces (testdata/node-lab). Proves the sessions (mesh and ToR), what the ToR learns,
// the kernel routes (remote block via BGP with proto 0x54, own block blackholed), pod-to-pod forwarding,
// the address write-back, the control socket, and the restart contract under kill -9. A stand-in
// Kubernetes API server (in the db namespace, next to etcd) serves Services and EndpointSlices: the
// externalTrafficPolicy Local /32 follows the node with the ready endpoint.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { expect } from 'chai';

import type { PeerStatusWithCounts } from '../../bgp/speaker/index.js';
import type { Node } from '../../datastore/index.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { bgpConfiguration } from './calc/testing/resources.js';
import { endpointSlice, kubeService, type EndpointShape } from './kube/testing-objects.js';
import type { NodeLab } from './testing/node-lab.js';
import { RACK, rackLab } from './testing/rack-lab.js';
import { StandInProcess } from './testing/stand-in-process.js';

const BLOCK = RACK.block;
const ADDRESS = RACK.address;
const TOR = RACK.tor;
const TWILL_PROTO = ['84', '0x54'];

interface FrrRib {
  routes: Record<string, unknown[]>;
}

describe('twill-node in a rack (lab: etcd, FRR ToR, two twill-node hosts)', function () {
  this.timeout(240_000);
  let lab: NodeLab | undefined;
  let api: StandInProcess | undefined;
  const L = (): NodeLab => lab as NodeLab;

  const established = async (n: 'n1' | 'n2', peers: readonly string[]): Promise<true | undefined> => {
    const status = (await L().request(n, 'bgp.peers')) as PeerStatusWithCounts[];
    return peers.every((p) => status.find((s) => s.peer === p)?.state === 'Established') ? true : undefined;
  };
  const frrPodPrefixes = async (): Promise<string[]> => {
    const rib = await vtyshJson<FrrRib>(L().lab.nodeContext('tor'), 'show bgp ipv4 unicast json');
    return Object.keys(rib.routes)
      .filter((p) => p.startsWith('10.244.'))
      .sort();
  };
  const ours = async (n: 'n1' | 'n2') =>
    (await L().lab.kernelRoutes(n)).filter((r) => TWILL_PROTO.includes(String(r.protocol)));

  before(async function () {
    // n1 names its address; n2 has none: it must autodetect it and write it back.
    lab = await rackLab('node', { blocks: ['n1', 'n2'], addresses: ['n1'] });
    api = await StandInProcess.start(L().lab, 'db', '10.0.1.100', path.join(L().tmp, 'kubeconfig'));
    const kubernetesApi = `kubernetesApi: { kubeconfig: ${api.kubeconfig}, serviceCoalesceMs: 50 }`;
    L().writeConfig('n1', `autodetection: { ipv4: interface=eth1 }\n${kubernetesApi}`);
    L().writeConfig('n2', kubernetesApi);
    L().start('n1');
    L().start('n2');
  });

  after(async function () {
    const keep = process.env['TWILL_KEEP_LOGS'];
    for (const n of ['n1', 'n2'])
      if (keep !== undefined) writeFileSync(path.join(keep, `${n}.log`), L().log(n));
    await api?.stop();
    await lab?.down();
  });

  it('brings up the twill–twill mesh and both ToR sessions, and FRR sees them', async () => {
    await waitFor('n1 sessions to n2 and the ToR', () => established('n1', [ADDRESS.n2, TOR]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await waitFor('n2 sessions to n1 and the ToR', () => established('n2', [ADDRESS.n1, TOR]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const frr = await L().lab.sessions('tor');
    expect(
      frr
        .filter((s) => s.state === 'Established')
        .map((s) => s.peer)
        .sort(),
    ).to.deep.equal([ADDRESS.n1, ADDRESS.n2]);
  });

  it('writes the autodetected address back to a Node resource that had none', async () => {
    const n2 = await waitFor(
      'Node n2 to carry its address',
      async () => {
        const got = await L()
          .get<Node>('Node', 'n2')
          .catch(() => undefined);
        return got?.spec.bgp?.ipv4Address === undefined ? undefined : got;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(n2.spec.bgp?.ipv4Address).to.equal(`${ADDRESS.n2}/24`);
    expect(L().log('n2')).to.match(/"msg":"address autodetected".*"method":"first-found"/);
  });

  it('FRR learns exactly each node’s block (no /32s)', async () => {
    const prefixes = await waitFor(
      'FRR to learn both blocks',
      async () => {
        const p = await frrPodPrefixes();
        return p.length === 2 ? p : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(prefixes).to.deep.equal([BLOCK.n1, BLOCK.n2]);
  });

  it('programs the other node’s block from BGP (proto 0x54) and blackholes its own', async () => {
    for (const [self, other] of [
      ['n1', 'n2'],
      ['n2', 'n1'],
    ] as const) {
      const routes = await waitFor(
        `${self}: ${BLOCK[other]} via ${ADDRESS[other]} and ${BLOCK[self]} blackholed`,
        async () => {
          const r = await ours(self);
          const remote = r.find((x) => x.dst === BLOCK[other] && x.gateway === ADDRESS[other]);
          const own = r.find((x) => x.dst === BLOCK[self] && x.type === 'blackhole');
          return remote !== undefined && own !== undefined ? r : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      // The ToR's 10.0.1.0/24 is refused by the node's eBGP import policy (pools only).
      expect(routes.map((r) => r.dst).sort()).to.deep.equal([BLOCK.n1, BLOCK.n2].sort());
    }
  });

  it('forwards between pod addresses of the two blocks', async () => {
    await waitFor(
      'ping 10.244.1.5 → 10.244.2.5',
      async () => {
        const r = await L().lab.exec('n1', ['ping', '-c1', '-W1', '-I', '10.244.1.5', '10.244.2.5'], {
          allowFailure: true,
        });
        return r.code === 0 ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
  });

  it('answers twillctl bgp peers, node.desired and node.kernel-routes on its control socket', async () => {
    const { stdout } = await promisify(execFile)('node', [
      repoPath('dist/daemon/ctl/main.js'),
      '--socket',
      L().socket('n1'),
      'bgp',
      'peers',
    ]);
    expect(stdout).to.contain(TOR).and.to.contain(ADDRESS.n2).and.to.contain('Established');
    const desired = (await L().request('n1', 'node.desired')) as {
      originated: { blocks: string[] };
      bgp: { peers: { address: string }[] };
    };
    expect(desired.originated.blocks).to.deep.equal([BLOCK.n1]);
    expect(desired.bgp.peers.map((p) => p.address)).to.deep.equal([TOR, ADDRESS.n2]);
    const kernel = (await L().request('n1', 'node.kernel-routes')) as {
      kernel: { dst: string; type: string }[];
    };
    expect(kernel.kernel.map((r) => `${r.dst} ${r.type}`).sort()).to.deep.equal([
      `${BLOCK.n1} blackhole`,
      `${BLOCK.n2} unicast`,
    ]);
    expect(L().log('n1')).to.match(/"msg":"node ready"/);
    // policy.enabled (the default): the policy table is in place, with the failsafe ports.
    const nft = await L().lab.exec('n1', ['nft', 'list', 'table', 'inet', 'twill']);
    expect(nft.stdout).to.contain('179');
  });

  it('advertises an externalTrafficPolicy Local LoadBalancer /32 only from the node with the ready endpoint', async () => {
    const A = api as StandInProcess;
    const [RANGE, LOCAL_LB, CLUSTER_LB] = ['198.51.100.0/24', '198.51.100.10', '198.51.100.20'];
    const services = '/api/v1/namespaces/web/services';
    const slices = '/apis/discovery.k8s.io/v1/namespaces/web/endpointslices';
    const loadBalancer = async (name: string, ip: string, local: boolean): Promise<void> => {
      const { status, ...spec } = kubeService('web', name, { loadBalancerIPs: [ip], local });
      const created = await A.must<object>('POST', services, spec);
      await A.must('PUT', `${services}/${name}/status`, { ...created, status }); // as the LB controller
    };
    const putSlice = async (name: string, service: string, endpoints: EndpointShape[]): Promise<void> => {
      const body = endpointSlice('web', name, service, endpoints);
      const got = await A.request('GET', `${slices}/${name}`);
      if (got.status === 404) await A.must('POST', slices, body);
      else {
        const { resourceVersion } = (got.body as { metadata: { resourceVersion: string } }).metadata;
        await A.must('PUT', `${slices}/${name}`, {
          ...body,
          metadata: { ...body.metadata, resourceVersion },
        });
      }
    };
    /** FRR's next hops per 198.51.100.x prefix. */
    const frrServices = async (): Promise<Record<string, string[]>> => {
      const rib = await vtyshJson<{ routes: Record<string, { nexthops?: { ip?: string }[] }[]> }>(
        L().lab.nodeContext('tor'),
        'show bgp ipv4 unicast json',
      );
      return Object.fromEntries(
        Object.entries(rib.routes)
          .filter(([prefix]) => prefix.startsWith('198.51.100.'))
          .map(([prefix, paths]) => [
            prefix,
            paths
              .flatMap((p) => p.nexthops ?? [])
              .map((h) => h.ip ?? '')
              .sort(),
          ]),
      );
    };
    let last: Record<string, string[]> = {};
    const frrShows = (what: string, expected: Record<string, string[]>): Promise<true> =>
      waitFor(
        what,
        async () => {
          last = await frrServices();
          return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, describeLast: () => JSON.stringify(last) },
      );
    const both = [ADDRESS.n1, ADDRESS.n2];
    await L().apply([bgpConfiguration('default', { serviceLoadBalancerIPs: [{ cidr: RANGE }] })]);
    await loadBalancer('front', LOCAL_LB, true);
    await loadBalancer('shared', CLUSTER_LB, false);
    await putSlice('front-a', 'front', [{ address: '10.244.1.5', nodeName: 'n1', ready: true }]);
    // The Cluster service has endpoints on both nodes: still no /32, only the range.
    await putSlice('shared-a', 'shared', [
      { address: '10.244.1.6', nodeName: 'n1' },
      { address: '10.244.2.6', nodeName: 'n2' },
    ]);
    await frrShows('the range from both nodes, the Local /32 from n1 only', {
      [RANGE]: both,
      [`${LOCAL_LB}/32`]: [ADDRESS.n1],
    });
    await putSlice('front-a', 'front', [{ address: '10.244.2.5', nodeName: 'n2', ready: true }]);
    await frrShows('the /32 moved to n2 with its endpoint', {
      [RANGE]: both,
      [`${LOCAL_LB}/32`]: [ADDRESS.n2],
    });
    await putSlice('front-a', 'front', [{ address: '10.244.2.5', nodeName: 'n2', ready: false }]);
    await frrShows('the /32 withdrawn when no endpoint is ready', { [RANGE]: both });
    expect(L().log('n1')).to.match(/"msg":"services listed"/);
  });

  it('kill -9 and restart: kernel routes stay throughout, FRR never withdraws the block, nothing flushed', async () => {
    // Every route deletion in n1's namespace is recorded from before the kill to after the restart.
    const watch: ChildProcess = spawn('ip', ['netns', 'exec', L().lab.ns('n1'), 'ip', 'monitor', 'route']);
    let events = '';
    watch.stdout?.on('data', (chunk: Buffer) => (events += chunk.toString()));
    const gaps: string[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const [n1, n2, frr] = await Promise.all([ours('n1'), ours('n2'), frrPodPrefixes()]);
        if (!n1.some((r) => r.dst === BLOCK.n2)) gaps.push(`n1 lost ${BLOCK.n2}`);
        if (!n1.some((r) => r.dst === BLOCK.n1 && r.type === 'blackhole')) gaps.push(`n1 lost its blackhole`);
        if (!n2.some((r) => r.dst === BLOCK.n1)) gaps.push(`n2 lost ${BLOCK.n1}`);
        if (!frr.includes(BLOCK.n1)) gaps.push(`FRR withdrew ${BLOCK.n1}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    try {
      await L().kill('n1');
      // Crashed: the nftables table stays too.
      expect((await L().lab.exec('n1', ['nft', 'list', 'table', 'inet', 'twill'])).stdout).to.contain('179');
      L().start('n1');
      await waitFor(
        'restarted n1 to be ready with its sessions up',
        async () => {
          const snap = (await L()
            .request('n1', 'node.snapshot')
            .catch(() => undefined)) as { ready: boolean; restarting: boolean } | undefined;
          return snap?.ready === true && (await established('n1', [ADDRESS.n2, TOR])) ? snap : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      ).then((snap) => expect(snap.restarting).to.equal(true));
      // One more full round of polling after readiness: the gate has opened by now.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      polling = false;
      await poll;
      watch.kill();
    }
    expect(gaps).to.deep.equal([]);
    expect(events.split('\n').filter((l) => l.startsWith('Deleted') && l.includes('10.244.'))).to.deep.equal(
      [],
    );
    expect(L().log('n1')).to.match(/"msg":"starting".*"restarting":true/);
  });

  it('SIGTERM: exits 0 and leaves kernel routes, the nftables table and (by graceful restart) FRR’s route', async () => {
    const code = await L().signal('n2', 'SIGTERM');
    expect(code).to.equal(0);
    expect(L().log('n2')).to.match(/"msg":"stopping; kernel routes and nftables stay in place"/);
    const routes = await ours('n2');
    expect(routes.map((r) => `${r.dst} ${r.type ?? 'unicast'}`).sort()).to.deep.equal([
      `${BLOCK.n1} unicast`,
      `${BLOCK.n2} blackhole`,
    ]);
    expect((await L().lab.exec('n2', ['nft', 'list', 'table', 'inet', 'twill'])).stdout).to.contain('179');
    // FRR saw the session close without a NOTIFICATION: it keeps n2's block (its own stale path, or n1's,
    // which keeps n2's routes as graceful-restart helper too) instead of withdrawing it.
    await waitFor(
      'FRR to see the session to n2 gone',
      async () => {
        const tor = await L().lab.sessions('tor');
        return tor.find((x) => x.peer === ADDRESS.n2)?.state === 'Established' ? undefined : true;
      },
      { timeoutMs: 20_000, intervalMs: 1000 },
    );
    expect(await frrPodPrefixes()).to.include(BLOCK.n2);
    L().start('n2');
    await waitFor(
      'n2 back and ready',
      async () => {
        const snap = (await L()
          .request('n2', 'node.snapshot')
          .catch(() => undefined)) as { ready: boolean } | undefined;
        return snap?.ready === true && (await established('n2', [ADDRESS.n1, TOR])) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  });

  it('withdraws nothing while the datastore is gone (etcd killed)', async () => {
    const before = {
      n1: (await ours('n1')).map((r) => r.dst).sort(),
      frr: await frrPodPrefixes(),
    };
    const logLength = L().log('n1').length;
    await L().stopEtcd();
    // etcd is really gone (its client port refuses), and stays gone while the picture is checked.
    const health = await L().lab.exec(
      'db',
      ['etcdctl', `--endpoints=${L().etcdEndpoint}`, '--dial-timeout=1s', 'endpoint', 'health'],
      { allowFailure: true, env: { ETCDCTL_API: '3' } },
    );
    expect(health.code).to.not.equal(0);
    for (let i = 0; i < 10; i++) {
      expect((await ours('n1')).map((r) => r.dst).sort()).to.deep.equal(before.n1);
      expect(await frrPodPrefixes()).to.deep.equal(before.frr);
      expect(await established('n1', [ADDRESS.n2, TOR])).to.equal(true);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(L().log('n1').slice(logLength)).not.to.match(/"msg":"peer removed"/);
  });
});
