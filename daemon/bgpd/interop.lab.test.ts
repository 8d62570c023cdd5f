// Interop: twill-bgpd (the real binary, in its own namespace) peering eBGP with BIRD 2, FRR and GoBGP.
// Sessions are read through each router's CLI and through `twillctl bgp peers -o json`; routes in both
// directions through the routers' kernels and Twill's best view; a withdrawal; a wrong AS in words.
import { expect } from 'chai';

import { Lab } from '../../lab/lab.js';
import type { BgpSessionView } from '../../lab/routers/sessions.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { birdc } from '../../lab/routers/birdc.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { request } from '../ctl/control-client.js';
import { BgpdLab } from './testing/bgpd-lab.js';
import type { PeerStatusWithCounts } from '../../bgp/speaker/index.js';
import type { RouteJson } from '../../bgp/speaker/index.js';

const DIR = repoPath('bgp/speaker/testdata/interop');
const BIRD = '10.0.1.1';
const FRR = '10.0.2.1';
const GOBGP = '10.0.3.1';
const WRONG = '10.0.4.1';

describe('interop: twill-bgpd with BIRD 2, FRR and GoBGP (eBGP)', function () {
  this.timeout(120_000);
  let bgpd: BgpdLab | undefined;
  let lab: Lab | undefined;
  let socket: string;

  before(async () => {
    bgpd = await BgpdLab.up({ dir: DIR, topology: 'interop.clab.yml', tag: 'bgpio' });
    lab = bgpd.lab;
    socket = bgpd.socket;
  });

  after(async () => {
    await bgpd?.down();
  });

  const ctlPeers = (): Promise<PeerStatusWithCounts[]> => (bgpd as BgpdLab).peers();
  const best = (): Promise<RouteJson[]> => (bgpd as BgpdLab).routes('best');
  const established = (views: BgpSessionView[], peer: string) =>
    views.some((v) => v.peer === peer && v.state === 'Established');

  it('brings the sessions to Established, per each router CLI and per twillctl', async () => {
    const l = lab as Lab;
    for (const node of ['bird1', 'frr1', 'gobgp1']) {
      const peer = node === 'bird1' ? '10.0.1.0' : node === 'frr1' ? '10.0.2.0' : '10.0.3.0';
      await waitFor(`${node} session with Twill Established`, async () =>
        established(await l.sessions(node), peer) ? true : undefined,
      );
    }
    const peers = await waitFor('twillctl: three sessions Established', async () => {
      const p = await ctlPeers();
      return p.filter((x) => x.state === 'Established').length === 3 ? p : undefined;
    });
    for (const address of [BIRD, FRR, GOBGP]) {
      const p = peers.find((x) => x.peer === address);
      expect(p, address).to.include({ state: 'Established', holdTimeSec: 9, keepaliveTimeSec: 3 });
      expect(p?.families).to.deep.equal(['ipv4-unicast']);
      expect(p?.capabilities).to.include('four-octet-as');
    }
  });

  it("puts Twill's prefix into BIRD's and FRR's kernels, and the routers' prefixes into Twill's best view", async () => {
    const l = lab as Lab;
    for (const [node, gateway] of [
      ['bird1', '10.0.1.0'],
      ['frr1', '10.0.2.0'],
    ] as const) {
      const route = await waitFor(`${node}: 10.10.0.0/24 in the kernel`, async () =>
        (await l.kernelRoutes(node)).find((r) => r.dst === '10.10.0.0/24'),
      );
      expect(route.gateway, node).to.equal(gateway);
    }
    const routes = await waitFor('Twill best view: the three routers prefixes', async () => {
      const b = await best();
      return ['10.100.0.0/24', '10.200.0.0/24', '10.30.0.0/24'].every((p) => b.some((r) => r.prefix === p))
        ? b
        : undefined;
    });
    expect(routes.find((r) => r.prefix === '10.100.0.0/24')).to.include({
      peer: BIRD,
      asPath: '65100',
      nextHop: BIRD,
    });
    expect(routes.find((r) => r.prefix === '10.200.0.0/24')).to.include({
      peer: FRR,
      asPath: '65200',
      nextHop: FRR,
    });
    expect(routes.find((r) => r.prefix === '10.30.0.0/24')).to.include({
      peer: GOBGP,
      asPath: '65300',
      nextHop: GOBGP,
    });
    // FRR re-advertises BIRD's route to Twill too: only one best, learned directly (shorter AS path).
    expect(routes.filter((r) => r.prefix === '10.100.0.0/24')).to.have.length(1);
  });

  it("keeps Twill's attributes intact at BIRD and FRR (AS path, MED, community)", async () => {
    const l = lab as Lab;
    const bird = await birdc(l.nodeContext('bird1'), 'show route 10.10.0.0/24 all');
    expect(bird).to.include('BGP.as_path: 65010');
    expect(bird).to.include('BGP.med: 10');
    expect(bird).to.include('BGP.community: (65010,1)');
    interface FrrRoute {
      paths?: {
        aspath?: { string?: string };
        metric?: number;
        med?: number;
        community?: { string?: string };
      }[];
    }
    const frr = await vtyshJson<FrrRoute>(l.nodeContext('frr1'), 'show bgp ipv4 unicast 10.10.0.0/24 json');
    const direct = frr.paths?.find((p) => p.aspath?.string === '65010');
    expect(direct, JSON.stringify(frr)).to.not.equal(undefined);
    expect(direct?.metric ?? direct?.med).to.equal(10);
    expect(direct?.community?.string).to.equal('65010:1');
  });

  it('propagates a withdrawal from Twill to BIRD and FRR', async () => {
    const l = lab as Lab;
    await waitFor('bird1: 10.10.1.0/24 in the kernel', async () =>
      (await l.kernelRoutes('bird1')).find((r) => r.dst === '10.10.1.0/24'),
    );
    await request(socket, 'bgp.withdraw', { prefix: '10.10.1.0/24' });
    for (const node of ['bird1', 'frr1']) {
      await waitFor(`${node}: 10.10.1.0/24 gone from the kernel`, async () =>
        (await l.kernelRoutes(node)).some((r) => r.dst === '10.10.1.0/24') ? undefined : true,
      );
    }
    // The other prefix stays.
    expect((await l.kernelRoutes('frr1')).some((r) => r.dst === '10.10.0.0/24')).to.equal(true);
  });

  it('propagates a withdrawal from GoBGP to Twill', async () => {
    await (lab as Lab).exec('gobgp1', ['gobgp', 'global', 'rib', 'del', '10.30.0.0/24']);
    await waitFor('10.30.0.0/24 gone from Twill', async () =>
      (await best()).some((r) => r.prefix === '10.30.0.0/24') ? undefined : true,
    );
  });

  it('fires the hold timer when GoBGP is frozen (SIGSTOP), and re-establishes after SIGCONT', async function () {
    const l = lab as Lab;
    const gobgpd = l.processes.find((p) => p.node === 'gobgp1');
    if (gobgpd === undefined) throw new Error('no gobgpd process in the lab state');
    process.kill(gobgpd.pid, 'SIGSTOP');
    try {
      const p = await waitFor(
        'Twill drops GoBGP after the 9 s hold time',
        async () => (await ctlPeers()).find((x) => x.peer === GOBGP && x.state !== 'Established'),
        { timeoutMs: 20_000 },
      );
      expect(p.lastError).to.equal('Sent NOTIFICATION 4/0 Hold Timer Expired');
    } finally {
      process.kill(gobgpd.pid, 'SIGCONT');
    }
    await waitFor(
      'GoBGP session back',
      async () =>
        (await ctlPeers()).find((x) => x.peer === GOBGP)?.state === 'Established' ? true : undefined,
      { timeoutMs: 40_000 },
    );
  });

  it('shows the peer refusing Twill with a wrong AS, in words', async () => {
    const p = await waitFor('the wrong-AS session has a last error', async () =>
      (await ctlPeers()).find((x) => x.peer === WRONG && x.lastError !== undefined),
    );
    expect(p.lastError).to.equal('Received NOTIFICATION 2/2 Bad Peer AS');
    expect(p.state).to.not.equal('Established');
  });
});
