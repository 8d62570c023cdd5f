// The proof in network namespaces (needs root): three nodes behind a router (n1, n2 share a subnet, n3
// is across the router), a pod on each. Native routing, VXLAN (always and CrossSubnet) and WireGuard
// (wireguard-go) each carry TCP and UDP between pods on different nodes; captures on the underlay show
// what each mode puts on the wire.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '../../lab/wait.js';
import {
  NativeManager,
  UserspaceWireGuardBackend,
  VxlanManager,
  vtepMacFor,
  WireGuardManager,
} from '../encap/index.js';
import { buildFabric, routeDevice, type Fabric } from './testing/fabric.js';
import { killWireGuardGo, wireFabric, type Wiring } from './testing/fabric-nodes.js';
import { expectedDigest, startCapture, startEchoFlow, tcpTransfer, udpDeliver } from './testing/traffic.js';

const execFileAsync = promisify(execFile);
const MiB = 1024 * 1024;

async function podTraffic(fabric: Fabric): Promise<void> {
  const [n1, n2, n3] = fabric.nodes;
  expect(await tcpTransfer(n1.podNs, n3.podNs, n3.podAddress, MiB, 1)).to.equal(expectedDigest(MiB, 1));
  expect(await tcpTransfer(n2.podNs, n1.podNs, n1.podAddress, MiB, 2)).to.equal(expectedDigest(MiB, 2));
  await udpDeliver(n3.podNs, n2.podNs, n2.podAddress, 'udp-from-pod3');
  await udpDeliver(n1.podNs, n3.podNs, n3.podAddress, 'udp-from-pod1');
}

describe('encapsulation between pods (real kernel, network namespaces)', function () {
  this.timeout(60_000);

  describe('native routing', () => {
    let fabric: Fabric;
    let wiring: Wiring | undefined;
    before(async () => {
      fabric = buildFabric();
      // Native routing needs the fabric to know the pod blocks (BGP on a real ToR).
      fabric.routePodBlocksOnRouter();
      wiring = wireFabric(fabric, (_node, ops) => new NativeManager({ ops }));
      await wiring.sync(() => ({}));
    });
    after(() => {
      wiring?.close();
      fabric?.destroy();
    });

    it('routes via the node on the subnet and via the router toward the node behind it', () => {
      const [n1, n2, n3] = fabric.nodes;
      const routes = wiring?.nodes[0]?.manager
        .routes()
        .map((r) => `${r.dst.toString()} via ${r.gateway?.toString()}`);
      expect(routes).to.have.members([`${n2.block} via ${n2.address}`, `${n3.block} via 192.168.1.254`]);
      expect(routeDevice(n1.ns, n3.podAddress)).to.equal('eth0');
    });

    it('carries TCP and UDP between pods on different nodes', async () => {
      await podTraffic(fabric);
    });
  });

  describe('VXLAN, always', () => {
    let fabric: Fabric;
    let wiring: Wiring | undefined;
    before(async () => {
      fabric = buildFabric(); // the router knows no pod block: only encapsulated traffic gets through it
      wiring = wireFabric(fabric, (_node, ops) => new VxlanManager({ ops, deviceName: 'twill.vxlan' }));
      await wiring.sync((w) => ({ vtepMac: vtepMacFor(w.node.name) }));
    });
    after(() => {
      wiring?.close();
      fabric?.destroy();
    });

    it('creates the device with MTU 1450, the stable MAC, static FDB and neighbour entries', async () => {
      const n1 = fabric.nodes[0];
      const { stdout } = await execFileAsync('ip', ['-j', '-d', '-n', n1.ns, 'link', 'show', 'twill.vxlan']);
      const [link] = JSON.parse(stdout) as {
        mtu: number;
        address: string;
        linkinfo: { info_data: { id: number; port: number; local: string } };
      }[];
      expect(link?.mtu).to.equal(1500 - 50);
      expect(link?.address).to.equal(vtepMacFor('n1'));
      expect(link?.linkinfo.info_data).to.include({ id: 4096, port: 4789, local: '192.168.1.1' });
      const fdb = await execFileAsync('bridge', ['-n', n1.ns, 'fdb', 'show', 'dev', 'twill.vxlan']);
      expect(fdb.stdout).to.include(`${vtepMacFor('n3')} dst 192.168.2.3 self permanent`);
      const neigh = await execFileAsync('ip', ['-n', n1.ns, 'neigh', 'show', 'dev', 'twill.vxlan']);
      expect(neigh.stdout).to.include(`192.168.2.3 lladdr ${vtepMacFor('n3')} PERMANENT`);
      expect(routeDevice(n1.ns, fabric.nodes[2].podAddress)).to.equal('twill.vxlan');
    });

    it('carries TCP and UDP between pods on different nodes, with the payload visible in VXLAN', async () => {
      await podTraffic(fabric);
      const [n1, , n3] = fabric.nodes;
      const capture = await startCapture(n1.ns, 'eth0');
      try {
        await udpDeliver(n1.podNs, n3.podNs, n3.podAddress, 'TWILL-PLAINTEXT-CANARY');
        const pcap = await capture.stop();
        // The control for the WireGuard test below: this capture method does see cleartext payloads.
        expect(pcap.includes('TWILL-PLAINTEXT-CANARY')).to.equal(true);
        expect(capture.count(['udp', 'port', '4789'])).to.be.greaterThan(0);
      } finally {
        capture.dispose();
      }
    });

    it('removes the FDB and neighbour entries of a node that left, and its routes', async () => {
      const w1 = wiring?.nodes[0];
      if (w1 === undefined) throw new Error('not wired');
      w1.dataplane.onRemoteRemove('n3');
      await w1.dataplane.completeDeferredWork();
      const fdb = await execFileAsync('bridge', ['-n', w1.node.ns, 'fdb', 'show', 'dev', 'twill.vxlan']);
      expect(fdb.stdout).to.not.include(vtepMacFor('n3'));
      expect(fdb.stdout).to.include(vtepMacFor('n2'));
      expect(routeDevice(w1.node.ns, fabric.nodes[2].podAddress)).to.equal('eth0'); // the default route now
    });
  });

  describe('VXLAN, CrossSubnet', () => {
    let fabric: Fabric;
    let wiring: Wiring | undefined;
    before(async () => {
      fabric = buildFabric();
      wiring = wireFabric(
        fabric,
        (_node, ops) => new VxlanManager({ ops, deviceName: 'twill.vxlan', scope: 'cross-subnet' }),
      );
      await wiring.sync((w) => ({ vtepMac: vtepMacFor(w.node.name) }));
    });
    after(() => {
      wiring?.close();
      fabric?.destroy();
    });

    it('encapsulates only across the router', async () => {
      const [n1, n2, n3] = fabric.nodes;
      expect(routeDevice(n1.ns, n2.podAddress)).to.equal('eth0');
      expect(routeDevice(n1.ns, n3.podAddress)).to.equal('twill.vxlan');
      const capture = await startCapture(n1.ns, 'eth0');
      try {
        await udpDeliver(n1.podNs, n2.podNs, n2.podAddress, 'same-subnet');
        await udpDeliver(n1.podNs, n3.podNs, n3.podAddress, 'cross-subnet');
        await capture.stop();
        expect(
          capture.count(['udp', 'port', '7007', 'and', 'dst', n2.podAddress.toString()]),
        ).to.be.greaterThan(0);
        expect(capture.count(['udp', 'port', '4789', 'and', 'dst', n2.address.toString()])).to.equal(0);
        expect(capture.count(['udp', 'port', '4789', 'and', 'dst', n3.address.toString()])).to.be.greaterThan(
          0,
        );
        expect(capture.count(['udp', 'port', '7007', 'and', 'dst', n3.podAddress.toString()])).to.equal(0);
      } finally {
        capture.dispose();
      }
    });

    it('carries TCP and UDP between pods on different nodes', async () => {
      await podTraffic(fabric);
    });
  });

  describe('WireGuard (wireguard-go)', () => {
    let fabric: Fabric;
    let wiring: Wiring | undefined;
    let keyDir: string;
    const managers: WireGuardManager[] = [];
    const keys = new Map<string, string>();
    const device = (k: number) => `tw${process.pid.toString(36)}g${k}`;
    before(async () => {
      fabric = buildFabric();
      keyDir = mkdtempSync(join(tmpdir(), 'twt-enc-keys-'));
      wiring = wireFabric(fabric, (node, ops) => {
        const k = fabric.nodes.indexOf(node) + 1;
        const manager = new WireGuardManager({
          ops,
          deviceName: device(k),
          keyFile: join(keyDir, `${node.name}.key`),
          backend: new UserspaceWireGuardBackend({
            launch: async (ifname) => {
              await execFileAsync('ip', ['netns', 'exec', node.ns, 'wireguard-go', ifname]);
            },
          }),
        });
        managers.push(manager);
        return manager;
      });
      for (const [i, m] of managers.entries()) keys.set(fabric.nodes[i]?.name ?? '', await m.publicKey());
      await wiring.sync((w) => ({ wireguardPublicKey: keys.get(w.node.name) }));
    });
    after(() => {
      wiring?.close();
      if (fabric !== undefined) killWireGuardGo(fabric.nodes.map((n) => n.ns));
      fabric?.destroy();
      rmSync(keyDir, { recursive: true, force: true });
    });

    it('sets MTU uplink − 80, peers with endpoints and the remote blocks as allowed IPs', async () => {
      const n1 = fabric.nodes[0];
      const { stdout } = await execFileAsync('ip', ['-j', '-n', n1.ns, 'link', 'show', device(1)]);
      expect((JSON.parse(stdout) as { mtu: number }[])[0]?.mtu).to.equal(1420);
      const dump = await execFileAsync('wg', ['show', device(1), 'dump']);
      const peers = dump.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'));
      expect(peers.map((p) => [p[2], p[3]])).to.have.deep.members([
        ['192.168.1.2:51820', '10.244.2.0/24'],
        ['192.168.2.3:51820', '10.244.3.0/24'],
      ]);
      expect(routeDevice(n1.ns, fabric.nodes[1].podAddress)).to.equal(device(1));
    });

    it('carries TCP and UDP between pods, and the underlay never sees the payload', async () => {
      await podTraffic(fabric);
      const [n1, , n3] = fabric.nodes;
      const capture = await startCapture(n1.ns, 'eth0');
      try {
        await udpDeliver(n1.podNs, n3.podNs, n3.podAddress, 'TWILL-PLAINTEXT-CANARY');
        const pcap = await capture.stop();
        expect(pcap.includes('TWILL-PLAINTEXT-CANARY')).to.equal(false);
        expect(
          capture.count(['udp', 'port', '51820', 'and', 'host', n3.address.toString()]),
        ).to.be.greaterThan(0);
        expect(capture.count(['udp', 'port', '7007'])).to.equal(0);
      } finally {
        capture.dispose();
      }
    });

    it('keeps an established TCP flow across a key rotation once peers learn the new key', async () => {
      const [n1, , n3] = fabric.nodes;
      const flow = await startEchoFlow(n1.podNs, n3.podNs, n3.podAddress);
      try {
        await waitFor('echoes before rotation', async () => (flow.echoed() >= 10 ? true : undefined), {
          timeoutMs: 10_000,
          intervalMs: 50,
        });
        const m1 = managers[0] as WireGuardManager;
        const before = await m1.publicKey();
        const rotated = await m1.rotateKey();
        expect(rotated).to.not.equal(before);
        const atRotation = flow.echoed();
        // n1 publishes the new key; the other nodes swap their peer for n1 (what the datastore drives).
        keys.set('n1', rotated);
        await wiring?.sync((w) => ({ wireguardPublicKey: keys.get(w.node.name) }));
        const dump = await execFileAsync('wg', ['show', device(3), 'peers']);
        expect(dump.stdout).to.include(rotated).and.not.include(before);
        await waitFor(
          'echoes after rotation',
          async () => (flow.echoed() >= atRotation + 50 ? true : undefined),
          {
            timeoutMs: 30_000,
            intervalMs: 100,
            describeLast: () => flow.log().slice(-200),
          },
        );
        // One connection throughout: connected once, never closed or reset, every line echoed in order.
        expect(flow.log().match(/connected/g)).to.have.length(1);
        expect(flow.log()).to.not.match(/closed|error|out-of-order/);
      } finally {
        await flow.stop();
      }
    });
  });
});
