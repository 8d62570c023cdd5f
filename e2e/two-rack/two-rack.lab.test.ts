// End-to-end proofs on the two-rack fabric (containerlab/two-rack): BIRD spine, FRR leaves, etcd on
// the management network, four twill-node daemons, pods through twill-cni. One fabric per describe.
import { expect } from 'chai';
import { expectNothingLeft, uniqueLabName } from '../../lab/testing/leftovers.js';
import { waitFor } from '../../lab/wait.js';
import { publishedVtepMac, tunnelHandle } from '../../daemon/node/runtime/encap-writeback.js';
import { TWILL_NODES, TwoRackFabric } from './fabric.js';
import { ping, reachability, renderMatrix } from './matrix.js';
import { datastoreTwillctl, nodeStatusAll } from './twillctl.js';
import {
  blocksByNode,
  leafRoutesFrom,
  leafTable,
  nodeSnapshot,
  pingStream,
  udpStream,
  type Afi,
} from './observe.js';
import type { Pod } from './pods.js';
import { HOLD_TIME_SEC, TWO_RACKS, type FabricMode } from './resources.js';

const UP_TIMEOUT_MS = 240_000;
/** The devices twill-node's encapsulation stage creates (daemon/node/runtime/encap-stage.ts), per family. */
const ENCAP_DEVICE = {
  vxlan: { 4: 'twill.vxlan', 6: 'twill.vxlan6' },
  wireguard: { 4: 'twill.wg', 6: 'twill.wg' },
} as const;

/** Waits until every pod reaches every other over both families; prints the matrix either way. */
async function expectFullMatrix(f: TwoRackFabric): Promise<void> {
  let last = await reachability(f.pods);
  const deadline = Date.now() + 60_000;
  while (last.some((r) => !r.ok) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    last = await reachability(f.pods);
  }
  process.stdout.write(`${renderMatrix(f.pods, last)}\n`);
  expect(last.filter((r) => !r.ok).map((r) => `${r.from}->${r.to} v${r.family}`)).to.deep.equal([]);
  expect(last).to.have.length(f.pods.length * (f.pods.length - 1) * 2);
}

function upFabric(mode: FabricMode, tag: string): { get: () => TwoRackFabric } {
  let fabric: TwoRackFabric | undefined;
  let name = '';
  before(async function () {
    this.timeout(UP_TIMEOUT_MS);
    name = uniqueLabName(tag);
    fabric = await TwoRackFabric.up({ mode, name });
  });
  // A failed proof shows every node's sessions per family beside it: a flake that lost one family (an
  // IPv6 session down, damped) looks from the pods like a routing or policy fault.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || fabric === undefined) return;
    this.timeout(60_000);
    process.stdout.write(`${await nodeStatusAll(fabric).catch(String)}\n`);
  });
  after(async function () {
    this.timeout(60_000);
    await fabric?.down();
    if (name) expectNothingLeft(name, TWILL_NODES);
  });
  return { get: () => fabric as TwoRackFabric };
}

const pod = (f: TwoRackFabric, name: string): Pod => f.pods.find((p) => p.name === name) as Pod;

/** How long etcd stays down in the outage test (issue 9 asks for 60 s). */
const ETCD_OUTAGE_SEC = 60;

describe('two-rack fabric, native routing (lab)', function () {
  this.timeout(120_000);
  const fabric = upFabric('native', 'e2e-nat');

  it('every pod reaches every other pod, in its rack and across racks, over IPv4 and IPv6', async () => {
    await expectFullMatrix(fabric.get());
  });

  it("each leaf learns from each of its rack's nodes exactly that node's blocks; no pod /32 or /128 anywhere", async () => {
    const f = fabric.get();
    const blocks = await blocksByNode(f.store);
    for (const rack of TWO_RACKS) {
      const leaf = rack.rack === 'r1' ? 'leaf1' : 'leaf2';
      for (const n of rack.nodes) {
        const mine = blocks.get(n.name);
        expect(mine?.ipv4, `${n.name} holds an IPv4 block`).to.have.length.greaterThan(0);
        expect(mine?.ipv6, `${n.name} holds an IPv6 block`).to.have.length.greaterThan(0);
        const addr = f.lab.node(n.name).exec.find((l) => l.includes('dev eth1') && !l.includes(':'));
        const v4 = /add (\S+)\/24/.exec(addr ?? '')?.[1] as string;
        const v6 = v4.replace(/^10\.(\d)\.0\.(\d+)$/, 'fd00:$1::$2');
        const learned = async (afi: Afi, peer: string, want: string[]) =>
          waitFor(
            `${leaf} to learn ${n.name}'s ${afi} blocks`,
            async () => {
              const got = await leafRoutesFrom(f.lab, leaf, peer, afi);
              return JSON.stringify(got) === JSON.stringify(want) ? got : undefined;
            },
            { timeoutMs: 30_000, intervalMs: 1000 },
          );
        expect(await learned('ipv4', v4, mine?.ipv4 ?? [])).to.deep.equal(mine?.ipv4);
        expect(await learned('ipv6', v6, mine?.ipv6 ?? [])).to.deep.equal(mine?.ipv6);
      }
      for (const afi of ['ipv4', 'ipv6'] as const) {
        const table = await leafTable(f.lab, leaf, afi);
        const podHostRoutes = table.filter((r) => /^10\.244\.\S+\/32 |^fd00:244:\S+\/128 /.test(r));
        expect(podHostRoutes, `${leaf} ${afi}: pod host routes`).to.deep.equal([]);
        // Every node's blocks (both racks) are in the leaf's table: the spine carries the other rack's.
        for (const [node, b] of blocks)
          for (const cidr of afi === 'ipv4' ? b.ipv4 : b.ipv6)
            expect(
              table.some((r) => r.startsWith(`${cidr} `)),
              `${leaf} has ${node}'s ${cidr}`,
            ).to.equal(true);
      }
    }
  });

  it('twillctl node status --all: every node reports itself ready, with a session Established', async () => {
    const f = fabric.get();
    type Report = {
      node: string;
      stale: boolean;
      status: { agent?: { ready?: boolean }; bgp?: { peers?: { state?: string }[] } };
    };
    const isUp = (r: Report) =>
      r.status.agent?.ready === true && (r.status.bgp?.peers ?? []).some((p) => p.state === 'Established');
    let last: Report[] = [];
    const reports = await waitFor(
      'a ready TwillNodeStatus from every node',
      async () => {
        last = JSON.parse(await nodeStatusAll(f, 'json')) as Report[];
        return last.length === TWILL_NODES.length && last.every(isUp) ? last : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, describeLast: () => JSON.stringify(last).slice(0, 2000) },
    );
    expect(reports.map((r) => r.node).sort()).to.deep.equal([...TWILL_NODES].sort());
    expect(reports.every((r) => !r.stale)).to.equal(true);
    const table = await nodeStatusAll(f);
    for (const node of TWILL_NODES) expect(table).to.match(new RegExp(`^${node}: .*ready`, 'm'));
  });

  it("every node has kernel routes for every other node's blocks (not only the default route)", async () => {
    const f = fabric.get();
    const blocks = await blocksByNode(f.store);
    for (const node of TWILL_NODES) {
      const routes = [...(await f.lab.kernelRoutes(node, 4)), ...(await f.lab.kernelRoutes(node, 6))];
      const dsts = new Set(routes.map((r) => r.dst));
      for (const [other, b] of blocks) {
        if (other === node) continue;
        for (const cidr of [...b.ipv4, ...b.ipv6])
          expect(dsts.has(cidr), `${node} routes ${other}'s ${cidr}`).to.equal(true);
      }
    }
  });

  it('twill-typha restarted: every node resyncs through it, the leaves and the kernels keep every route', async () => {
    const f = fabric.get();
    const kernels = async () =>
      Promise.all(
        TWILL_NODES.map(async (n) =>
          [...(await f.lab.kernelRoutes(n, 4)), ...(await f.lab.kernelRoutes(n, 6))]
            .filter((r) => r.protocol === '84' || r.protocol === 'twill')
            .map((r) => `${r.dst} ${r.gateway ?? ''} ${r.dev ?? ''} ${r.type ?? ''}`)
            .sort(),
        ),
      );
    const before = {
      l1: await leafTable(f.lab, 'leaf1', 'ipv4'),
      l2: await leafTable(f.lab, 'leaf2', 'ipv6'),
    };
    const kernelBefore = await kernels();
    expect(kernelBefore.flat().length).to.be.greaterThan(0);
    await f.lab.restartNode('typha');
    await waitFor(
      'every node to be in sync through the restarted typha',
      async () => {
        const s = await Promise.all(TWILL_NODES.map((n) => nodeSnapshot(f.lab, n)));
        return s.every((x) => (x['sync'] as { status?: string }).status === 'in-sync') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await kernels()).to.deep.equal(kernelBefore);
    expect(await leafTable(f.lab, 'leaf1', 'ipv4')).to.deep.equal(before.l1);
    expect(await leafTable(f.lab, 'leaf2', 'ipv6')).to.deep.equal(before.l2);
    // That the nodes receive new changes through it again is what the next test shows (a policy).
  });

  it('a NetworkPolicy applied with twillctl takes effect on every node: denied flows fail, allowed ones work', async () => {
    const f = fabric.get();
    // Web pods accept traffic only from client pods (in the pods' namespace "default").
    const policy = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: { name: web-from-clients, namespace: default }',
      'spec:',
      '  podSelector: { matchLabels: { app: web } }',
      '  policyTypes: [Ingress]',
      '  ingress: [{ from: [{ podSelector: { matchLabels: { app: client } } }] }]',
      '',
    ].join('\n');
    expect(await datastoreTwillctl(f, ['apply', '-f', '-'], policy)).to.match(/web-from-clients/);
    try {
      const webs = f.pods.filter((p) => p.labels['app'] === 'web');
      const clients = f.pods.filter((p) => p.labels['app'] === 'client');
      for (const web of webs) {
        // A web pod on another rack is denied; a client pod on another rack is allowed.
        const deniedFrom = webs.find((p) => p.node !== web.node && p.node[1] !== web.node[1]) as Pod;
        const allowedFrom = clients.find((p) => p.node !== web.node && p.node[1] !== web.node[1]) as Pod;
        await waitFor(
          `${web.name} to refuse ${deniedFrom.name}`,
          async () => ((await ping(deniedFrom, web.ipv4, { waitSec: 1 })) ? undefined : true),
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(
          await ping(deniedFrom, web.ipv6, { waitSec: 1 }),
          `${deniedFrom.name} -> ${web.name} v6`,
        ).to.equal(false);
        expect(await ping(allowedFrom, web.ipv4), `${allowedFrom.name} -> ${web.name} v4`).to.equal(true);
        expect(await ping(allowedFrom, web.ipv6), `${allowedFrom.name} -> ${web.name} v6`).to.equal(true);
      }
    } finally {
      await datastoreTwillctl(f, ['delete', 'networkpolicy', 'web-from-clients', '-n', 'default']);
    }
    // Removed again: every web pod reaches the web pods of the other rack, over both families (a flaky run
    // once lost IPv6 from here on; IPv4 alone would not have shown it).
    for (const [a, b] of [
      [pod(f, 'n1-p1'), pod(f, 'n3-p1')],
      [pod(f, 'n4-p1'), pod(f, 'n2-p1')],
    ] as const)
      for (const family of [4, 6] as const)
        await waitFor(
          `policy removal to take effect: ${a.name} -> ${b.name} v${family}`,
          async () => ((await ping(a, family === 4 ? b.ipv4 : b.ipv6)) ? true : undefined),
          { timeoutMs: 30_000, intervalMs: 500 },
        );
  });

  it('etcd down for 60 s and restarted: traffic keeps flowing, the leaves withdraw nothing, and nothing changes after the resync', async function () {
    this.timeout(180_000);
    const f = fabric.get();
    const before = {
      l1: await leafTable(f.lab, 'leaf1', 'ipv4'),
      l2: await leafTable(f.lab, 'leaf2', 'ipv6'),
    };
    const stream = pingStream(pod(f, 'n1-p2'), pod(f, 'n4-p1').ipv4);
    await f.lab.killNode('etcd');
    // Issue 9's outage: 60 s, many keepalive periods of the nodes' watches and of typha's upstream. The
    // leaves are read every 10 s of it: a withdrawal at any point would show.
    for (let second = 10; second <= ETCD_OUTAGE_SEC; second += 10) {
      await new Promise((r) => setTimeout(r, 10_000));
      expect(await leafTable(f.lab, 'leaf1', 'ipv4'), `leaf1 ${second} s into the outage`).to.deep.equal(
        before.l1,
      );
    }
    await f.lab.restartNode('etcd');
    // The nodes reconnect and re-list; give them time to act on it (several of their sync periods).
    await new Promise((r) => setTimeout(r, 8000));
    const counts = await stream.stop();
    process.stdout.write(
      `      etcd outage (${ETCD_OUTAGE_SEC} s): ${counts.sent} echo requests, ${counts.received} replies\n`,
    );
    expect(counts.sent).to.be.greaterThan(100);
    expect(
      counts.received,
      `replies during the etcd outage (missing ${JSON.stringify(counts.missing)})`,
    ).to.equal(counts.sent);
    expect(await leafTable(f.lab, 'leaf1', 'ipv4')).to.deep.equal(before.l1);
    expect(await leafTable(f.lab, 'leaf2', 'ipv6')).to.deep.equal(before.l2);
  });

  it('kill -9 of a twill-node under ICMP (v4) and UDP (v6) streams between pods on two nodes loses no packet; restarted, it changes nothing on the leaves', async () => {
    const f = fabric.get();
    const before = await leafTable(f.lab, 'leaf2', 'ipv4');
    const stream = pingStream(pod(f, 'n1-p2'), pod(f, 'n3-p1').ipv4);
    const udp6 = await udpStream(pod(f, 'n3-p2'), pod(f, 'n2-p2'), pod(f, 'n2-p2').ipv6);
    await new Promise((r) => setTimeout(r, 1000));
    const killedAt = Date.now();
    await f.lab.killNode('n3');
    await new Promise((r) => setTimeout(r, 2000));
    await f.lab.restartNode('n3', { readyTimeoutMs: 60_000 });
    await f.waitForTorSessions(60_000);
    await new Promise((r) => setTimeout(r, 2000));
    const counts = await stream.stop();
    const udp = await udp6.stop();
    process.stdout.write(
      `      kill -9 of n3's twill-node: ICMP n1-p2 → n3-p1 (v4) ${counts.sent} requests, ${counts.received} replies; ` +
        `UDP n3-p2 → n2-p2 (v6) ${udp.sent} sent, ${udp.received} received, ${udp.socketDrops} dropped at the receiving socket` +
        (udp.missing?.length
          ? `; missing ${JSON.stringify(udp.missing)}, kill at datagram ~${Math.round((killedAt - (udp.startedAt ?? 0)) / 20)}`
          : '') +
        '\n',
    );
    expect(counts.sent).to.be.greaterThan(100);
    expect(
      counts.received,
      `replies while twill-node was killed and restarted (missing ${JSON.stringify(counts.missing)})`,
    ).to.equal(counts.sent);
    expect(udp.sent).to.be.greaterThan(100);
    // Said first: a drop at the receiver's socket is the harness (a starved process), not the fabric.
    expect(udp.socketDrops, "datagrams dropped at the receiving pod's socket").to.equal(0);
    expect(udp.received, 'UDP datagrams while twill-node was killed and restarted').to.equal(udp.sent);
    expect(await leafTable(f.lab, 'leaf2', 'ipv4')).to.deep.equal(before);
  });

  it('a node removed (its link gone): its blocks leave every other node and leaf within the hold time (+4 s to propagate)', async () => {
    const f = fabric.get();
    const blocks = (await blocksByNode(f.store)).get('n4');
    const gone = blocks?.ipv4 ?? [];
    expect(gone).to.have.length.greaterThan(0);
    const t0 = Date.now();
    await f.lab.exec('n4', 'ip link set eth1 down');
    const others = ['n1', 'n2', 'n3'];
    await waitFor(
      "n4's blocks to leave every node's kernel and both leaves",
      async () => {
        for (const n of others) {
          const dsts = new Set((await f.lab.kernelRoutes(n, 4)).map((r) => r.dst));
          if (gone.some((c) => dsts.has(c))) return undefined;
        }
        for (const leaf of ['leaf1', 'leaf2']) {
          const table = await leafTable(f.lab, leaf, 'ipv4');
          if (gone.some((c) => table.some((r) => r.startsWith(`${c} `)))) return undefined;
        }
        return true;
      },
      { timeoutMs: (HOLD_TIME_SEC + 20) * 1000, intervalMs: 500 },
    );
    const tookSec = (Date.now() - t0) / 1000;
    process.stdout.write(
      `      n4 removed: its routes gone everywhere after ${tookSec.toFixed(1)} s (hold time ${HOLD_TIME_SEC} s)\n`,
    );
    // Hold time, plus one poll and the propagation through leaf, spine and leaf on a loaded machine.
    expect(tookSec).to.be.lessThan(HOLD_TIME_SEC + 4);
  });
});

// VXLAN (twill.vxlan, twill.vxlan6) and WireGuard (twill.wg, wireguard-go here): the pools of the fabric
// ask for the tunnel; the matrix must pass and every remote block must be routed through the device
// (nodes keep a default route to their leaf, so reachability alone would not prove the tunnel).
const ENCAP_MODES = ['vxlan', 'wireguard'] as const;
for (const mode of ENCAP_MODES) {
  describe(`two-rack fabric, ${mode} (lab)`, function () {
    this.timeout(120_000);
    const fabric = upFabric(mode, `e2e-${mode.slice(0, 3)}`);
    it('every pod reaches every other pod over IPv4 and IPv6', async () => {
      await expectFullMatrix(fabric.get());
    });

    it(`every node routes every other node's blocks through ${Object.values(ENCAP_DEVICE[mode]).join(' / ')}`, async () => {
      const f = fabric.get();
      const blocks = await blocksByNode(f.store);
      for (const node of TWILL_NODES) {
        const routes = [...(await f.lab.kernelRoutes(node, 4)), ...(await f.lab.kernelRoutes(node, 6))];
        for (const [other, b] of blocks) {
          if (other === node) continue;
          for (const [family, cidrs] of [
            [4, b.ipv4],
            [6, b.ipv6],
          ] as const) {
            for (const cidr of cidrs) {
              const r = routes.find((x) => x.dst === cidr);
              expect(r?.dev, `${node}: route to ${other}'s ${cidr}: ${JSON.stringify(r)}`).to.equal(
                ENCAP_DEVICE[mode][family],
              );
            }
          }
        }
      }
    });

    it('every node published what the others tunnel to: VTEP MAC and IPAM tunnel address, or WireGuard key', async () => {
      const f = fabric.get();
      const keys = new Set<string>();
      for (const name of TWILL_NODES) {
        const node = await f.store.get('Node', name);
        if (mode === 'vxlan') {
          expect(node.spec.vxlanTunnelMACAddr, name).to.equal(publishedVtepMac(name));
          expect(node.spec.vxlanTunnelAddress, name).to.match(/^10\.244\./);
          // Allocated from IPAM under the node's handle (as Calico), so no pod gets the address.
          const handles = (await f.store.list('IPAMHandle')).items;
          const handle = handles.find((h) => h.spec.handleID === tunnelHandle(name));
          expect(
            Object.values(handle?.spec.block ?? {}).reduce((a, b) => a + b, 0),
            name,
          ).to.equal(1);
        } else {
          const key = node.status?.wireguardPublicKey;
          expect(key, name).to.be.a('string');
          keys.add(key as string);
        }
      }
      if (mode === 'wireguard') expect(keys.size).to.equal(TWILL_NODES.length);
    });

    it('kill -9 of a twill-node under a cross-rack ping stream through the tunnel: no reply lost, the device and what the node published stay', async () => {
      const f = fabric.get();
      const device = ENCAP_DEVICE[mode][4];
      const ifindex = async () =>
        (
          JSON.parse((await f.lab.exec('n3', ['ip', '-j', 'link', 'show', device])).stdout) as {
            ifindex: number;
          }[]
        )[0]?.ifindex;
      const published = async () => {
        const node = await f.store.get('Node', 'n3');
        return [node.spec.vxlanTunnelAddress, node.spec.vxlanTunnelMACAddr, node.status?.wireguardPublicKey];
      };
      const [indexBefore, publishedBefore] = [await ifindex(), await published()];
      expect(indexBefore).to.be.a('number');
      const stream = pingStream(pod(f, 'n1-p2'), pod(f, 'n3-p1').ipv4);
      await new Promise((r) => setTimeout(r, 1000));
      await f.lab.killNode('n3');
      await new Promise((r) => setTimeout(r, 2000));
      await f.lab.restartNode('n3', { readyTimeoutMs: 60_000 });
      await f.waitForTorSessions(60_000);
      await waitFor(
        'n3 ready again',
        async () => ((await nodeSnapshot(f.lab, 'n3'))['ready'] === true ? true : undefined),
        {
          timeoutMs: 60_000,
          intervalMs: 500,
        },
      );
      await new Promise((r) => setTimeout(r, 2000));
      const counts = await stream.stop();
      process.stdout.write(
        `      kill -9 of n3 (${mode}): ${counts.sent} echo requests, ${counts.received} replies\n`,
      );
      expect(counts.sent).to.be.greaterThan(100);
      expect(
        counts.received,
        `replies while twill-node was killed and restarted (missing ${JSON.stringify(counts.missing)})`,
      ).to.equal(counts.sent);
      expect(await ifindex(), `${device} was recreated`).to.equal(indexBefore);
      expect(await published()).to.deep.equal(publishedBefore);
    });
  });
}
