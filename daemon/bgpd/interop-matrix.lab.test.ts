// The interop matrix (issue 3): two twill-bgpd processes against BIRD 2, FRR and GoBGP, one lab for all.
//   te (AS4200000001): ACTIVE, eBGP over IPv4 transport with each router (the routers are passive).
//   ti (AS4200000002): PASSIVE, iBGP over IPv6 transport with each router (the routers connect).
//   te ↔ ti: Twill–Twill eBGP over IPv4. The routers are AS4200000002 too (4-octet ASes on both sides).
// Every router session carries IPv4 and IPv6 unicast, so each router exchanges IPv6 routes over IPv4
// transport and IPv4 routes over IPv6 transport. Topology and configs: bgp/speaker/testdata/interop-matrix.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PeerStatusWithCounts, RouteJson } from '../../bgp/speaker/index.js';
import { Lab } from '../../lab/lab.js';
import { uniqueLabName } from '../../lab/testing/leftovers.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { request } from '../ctl/control-client.js';
import { routerPaths, type RouterKind, type RouterPath } from './testing/router-paths.js';

const DIR = repoPath('bgp/speaker/testdata/interop-matrix');
const ROUTERS: readonly RouterKind[] = ['bird', 'frr', 'gobgp'];

/** Per router: its addresses towards te and ti, how it names them, and what it originates. */
const R = {
  bird: {
    n: 1,
    v4: '10.100.0.0/24',
    v6: '2001:db8:100::/48',
    med: 30,
    lp: 150,
    c: '65100:3',
    lc: '4200000002:100:3',
  },
  frr: {
    n: 2,
    v4: '10.200.0.0/24',
    v6: '2001:db8:200::/48',
    med: 40,
    lp: 250,
    c: '65200:4',
    lc: '4200000002:200:4',
  },
  gobgp: {
    n: 3,
    v4: '10.30.0.0/24',
    v6: '2001:db8:30::/48',
    med: 50,
    lp: 120,
    c: '65300:5',
    lc: '4200000002:30:5',
  },
} as const;
const teSide = (r: RouterKind) => ({
  twill4: `10.1.${R[r].n}.0`,
  twill6: `fd00:1:${R[r].n}::`,
  router: `10.1.${R[r].n}.1`,
  router6: `fd00:1:${R[r].n}::1`,
});
const tiSide = (r: RouterKind) => ({
  twill4: `10.2.${R[r].n}.0`,
  twill6: `fd00:2:${R[r].n}::`,
  router: `fd00:2:${R[r].n}::1`,
  router4: `10.2.${R[r].n}.1`,
});
/** How the router names its session with te / ti in its own route output. */
const fromTe = (r: RouterKind) => (r === 'bird' ? 'te' : teSide(r).twill4);
const fromTi = (r: RouterKind) => (r === 'bird' ? 'ti' : tiSide(r).twill6);

describe('interop matrix: two twill-bgpd with BIRD 2, FRR and GoBGP (eBGP/iBGP, IPv4/IPv6, active/passive)', function () {
  this.timeout(180_000);
  let lab: Lab | undefined;
  let tmp: string;
  const socket = (node: 'te' | 'ti') => path.join(tmp, `${node}.sock`);

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-matrix-'));
    lab = await Lab.up(path.join(DIR, 'interop-matrix.clab.yml'), { name: uniqueLabName('bgpmx') });
    const main = repoPath('dist/daemon/bgpd/main.js');
    for (const node of ['te', 'ti'] as const) {
      const config = readFileSync(path.join(DIR, `${node}.yaml`), 'utf8').replace(
        '/tmp/twill-bgpd.sock',
        socket(node),
      );
      writeFileSync(path.join(tmp, `${node}.yaml`), config);
      lab.spawn(node, ['sh', '-c', `exec node ${main} --config ${tmp}/${node}.yaml 2>${tmp}/${node}.log`]);
    }
  });

  after(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  });

  const l = () => lab as Lab;
  const ctlPeers = async (node: 'te' | 'ti'): Promise<PeerStatusWithCounts[]> => {
    const r = await l().exec(node, [
      'node',
      repoPath('dist/daemon/ctl/main.js'),
      '--socket',
      socket(node),
      'bgp',
      'peers',
      '-o',
      'json',
    ]);
    return JSON.parse(r.stdout) as PeerStatusWithCounts[];
  };
  const received = async (node: 'te' | 'ti', peer: string): Promise<RouteJson[]> =>
    (await request(socket(node), 'bgp.routes', { view: 'received', peer })) as RouteJson[];
  const best = async (node: 'te' | 'ti'): Promise<RouteJson[]> =>
    (await request(socket(node), 'bgp.routes', { view: 'best' })) as RouteJson[];
  /** What `node` still has from `peer`: its Adj-RIB-In and the best routes learned from it. */
  const learnedFrom = async (node: 'te' | 'ti', peer: string): Promise<RouteJson[]> => [
    ...(await received(node, peer)),
    ...(await best(node)).filter((x) => x.peer === peer),
  ];
  const flushed = (node: 'te' | 'ti', peer: string) =>
    waitFor(
      `${node}: nothing left from ${peer}`,
      async () => ((await learnedFrom(node, peer)).length === 0 ? true : undefined),
      { timeoutMs: 5000, intervalMs: 200 },
    );
  /** Waits until `node` has received every prefix from `peer`, and returns them. */
  const receivedAll = (node: 'te' | 'ti', peer: string, prefixes: readonly string[]) =>
    waitFor(`${node}: ${prefixes.join(', ')} from ${peer}`, async () => {
      const rows = await received(node, peer);
      return prefixes.every((p) => rows.some((r) => r.prefix === p)) ? rows : undefined;
    });
  const pathFrom = (router: RouterKind, prefix: string, from: string) =>
    waitFor(`${router}: ${prefix} from ${from}`, async () =>
      (await routerPaths(l(), router, prefix)).find((p: RouterPath) => p.from === from),
    );
  const allEstablished = (node: 'te' | 'ti') =>
    waitFor(
      `${node}: four sessions Established`,
      async () => {
        const p = await ctlPeers(node);
        return p.length === 4 && p.every((x) => x.state === 'Established') ? p : undefined;
      },
      { timeoutMs: 60_000 },
    );
  /** Established BGP connections in a node: peer address → whether this node opened it. */
  const connections = async (node: string): Promise<Map<string, 'we connected' | 'peer connected'>> => {
    const r = await l().exec(node, ['ss', '-Htn', 'state', 'established']);
    const out = new Map<string, 'we connected' | 'peer connected'>();
    for (const line of r.stdout.split('\n')) {
      const [, , local, remote] = line.trim().split(/\s+/);
      if (local === undefined || remote === undefined) continue;
      const addr = (s: string) => s.slice(0, s.lastIndexOf(':')).replace(/^\[|\]$/g, '');
      if (remote.endsWith(':179')) out.set(addr(remote), 'we connected');
      else if (local.endsWith(':179')) out.set(addr(remote), 'peer connected');
    }
    return out;
  };

  it("is Established everywhere, per each router CLI and per twillctl; te opened its sessions, the routers opened ti's", async () => {
    for (const r of ROUTERS) {
      const views = await waitFor(
        `${r}: both sessions Established`,
        async () => {
          const v = await l().sessions(r);
          const up = (peer: string) => v.find((s) => s.peer === peer && s.state === 'Established');
          return up(teSide(r).twill4) && up(tiSide(r).twill6) ? v : undefined;
        },
        { timeoutMs: 60_000 },
      );
      // 4-octet ASes as the router sees them.
      expect(views.find((s) => s.peer === teSide(r).twill4)?.peerAs, r).to.equal(4200000001);
      expect(views.find((s) => s.peer === tiSide(r).twill6)?.peerAs, r).to.equal(4200000002);
    }
    const te = await allEstablished('te');
    const ti = await allEstablished('ti');
    for (const r of ROUTERS) {
      const e = te.find((p) => p.peer === teSide(r).router);
      expect(e, `te–${r}`).to.include({
        peerAs: 4200000002,
        localAs: 4200000001,
        passive: false,
        holdTimeSec: 9,
      });
      expect(e?.families, `te–${r}`).to.deep.equal(['ipv4-unicast', 'ipv6-unicast']);
      expect(e?.capabilities, `te–${r}`).to.include('four-octet-as');
      const i = ti.find((p) => p.peer === tiSide(r).router);
      expect(i, `ti–${r}`).to.include({
        peerAs: 4200000002,
        localAs: 4200000002,
        passive: true,
        holdTimeSec: 9,
      });
      expect(i?.families, `ti–${r}`).to.deep.equal(['ipv4-unicast', 'ipv6-unicast']);
    }
    expect(te.find((p) => p.peer === '10.3.0.1')).to.include({ state: 'Established', peerAs: 4200000002 });
    expect(ti.find((p) => p.peer === '10.3.0.0')).to.include({ state: 'Established', passive: true });
    // Who opened each TCP connection: te's side connects to port 179; ti's side is connected to.
    const teConns = await connections('te');
    const tiConns = await connections('ti');
    for (const r of ROUTERS) {
      expect(teConns.get(teSide(r).router), `te–${r}`).to.equal('we connected');
      expect(tiConns.get(tiSide(r).router), `ti–${r}`).to.equal('peer connected');
    }
    expect(teConns.get('10.3.0.1'), 'te–ti').to.equal('we connected');
    expect(tiConns.get('10.3.0.0'), 'ti–te').to.equal('peer connected');
  });

  it('eBGP over IPv4 transport (te): IPv4 and IPv6 routes both ways, AS path, MED, communities, large communities intact', async () => {
    for (const r of ROUTERS) {
      const x = R[r];
      const rows = await receivedAll('te', teSide(r).router, [x.v4, x.v6]);
      const attrs = { asPath: '4200000002', med: x.med, communities: [x.c], largeCommunities: [x.lc] };
      expect(
        rows.find((p) => p.prefix === x.v4),
        `${r} ${x.v4} at te`,
      ).to.deep.include({ ...attrs, nextHop: teSide(r).router });
      // IPv6 over IPv4 transport: the router's global IPv6 address on the link (RFC 2545 §3).
      expect(
        rows.find((p) => p.prefix === x.v6),
        `${r} ${x.v6} at te`,
      ).to.deep.include({ ...attrs, nextHop: teSide(r).router6 });
      // §5.1.5: no LOCAL_PREF over eBGP, although each router sets one on these routes.
      expect(rows.find((p) => p.prefix === x.v4)?.localPref, r).to.equal(undefined);

      const sent = {
        asPath: '4200000001',
        med: 10,
        communities: ['65010:1'],
        largeCommunities: ['4200000001:1:1'],
      };
      expect(await pathFrom(r, '10.10.0.0/24', fromTe(r)), `${r}: te's 10.10.0.0/24`).to.deep.include({
        ...sent,
        nextHop: teSide(r).twill4,
      });
      expect(await pathFrom(r, '2001:db8:10::/48', fromTe(r)), `${r}: te's 2001:db8:10::/48`).to.deep.include(
        { ...sent, nextHop: teSide(r).twill6 },
      );
    }
    // The IPv6 next hop is usable: BIRD and FRR install te's IPv6 route towards te's link address.
    for (const r of ['bird', 'frr'] as const) {
      const route = await waitFor(`${r}: 2001:db8:10::/48 in the kernel`, async () =>
        (await l().kernelRoutes(r, 6)).find((k) => k.dst === '2001:db8:10::/48'),
      );
      expect(route.gateway, r).to.equal(teSide(r).twill6);
    }
  });

  it('iBGP over IPv6 transport (ti): IPv4 and IPv6 routes both ways with LOCAL_PREF, AS path, MED, communities, large communities intact', async () => {
    for (const r of ROUTERS) {
      const x = R[r];
      const rows = await receivedAll('ti', tiSide(r).router, [x.v4, x.v6, '10.10.0.0/24']);
      const attrs = { asPath: '', med: x.med, localPref: x.lp, communities: [x.c], largeCommunities: [x.lc] };
      // IPv4 over IPv6 transport: the router's IPv4 address on the link as NEXT_HOP.
      expect(
        rows.find((p) => p.prefix === x.v4),
        `${r} ${x.v4} at ti`,
      ).to.deep.include({ ...attrs, nextHop: tiSide(r).router4 });
      expect(
        rows.find((p) => p.prefix === x.v6),
        `${r} ${x.v6} at ti`,
      ).to.deep.include({ ...attrs, nextHop: tiSide(r).router });
      // te's route, passed on over iBGP by the router: te's AS path and attributes unchanged.
      expect(
        rows.find((p) => p.prefix === '10.10.0.0/24'),
        `${r}: te's route at ti`,
      ).to.deep.include({
        asPath: '4200000001',
        med: 10,
        localPref: 100,
        communities: ['65010:1'],
        largeCommunities: ['4200000001:1:1'],
      });

      const sent = {
        asPath: '',
        med: 20,
        localPref: 200,
        communities: ['65020:2'],
        largeCommunities: ['4200000002:2:2'],
      };
      expect(await pathFrom(r, '10.20.0.0/24', fromTi(r)), `${r}: ti's 10.20.0.0/24`).to.deep.include({
        ...sent,
        nextHop: tiSide(r).twill4,
      });
      expect(await pathFrom(r, '2001:db8:20::/48', fromTi(r)), `${r}: ti's 2001:db8:20::/48`).to.deep.include(
        { ...sent, nextHop: tiSide(r).twill6 },
      );
    }
    // The IPv4 next hop sent over IPv6 transport is usable: BIRD and FRR install ti's IPv4 route.
    for (const r of ['bird', 'frr'] as const) {
      const route = await waitFor(`${r}: 10.20.0.0/24 in the kernel`, async () =>
        (await l().kernelRoutes(r)).find((k) => k.dst === '10.20.0.0/24'),
      );
      expect(route.gateway, r).to.equal(tiSide(r).twill4);
    }
  });

  it("honours LOCAL_PREF both ways: ti picks FRR's 300 over lower router ids; each router picks te's eBGP path over ti's LOCAL_PREF 50 one", async () => {
    // 10.99.0.0/24 from all three routers over iBGP: BIRD 150, FRR 300, GoBGP 100. Without LOCAL_PREF,
    // the lowest router id (GoBGP's) would win the tie (RFC 4271 §9.1.2.2 f).
    const chosen = await waitFor('ti: best 10.99.0.0/24 from FRR', async () =>
      (await best('ti')).find((p) => p.prefix === '10.99.0.0/24' && p.peer === tiSide('frr').router),
    );
    expect(chosen.localPref).to.equal(300);
    // 2001:db8:77::/48: te's (eBGP, LOCAL_PREF 100 by default) against ti's (iBGP, LOCAL_PREF 50, shorter
    // AS path). Both paths are there; the router must pick te's for the higher degree of preference.
    for (const r of ROUTERS) {
      const fromTiPath = await pathFrom(r, '2001:db8:77::/48', fromTi(r));
      expect(fromTiPath, r).to.include({ localPref: 50, asPath: '', best: false });
      const paths = await routerPaths(l(), r, '2001:db8:77::/48');
      expect(
        paths.find((p) => p.best),
        r,
      ).to.include({ from: fromTe(r), asPath: '4200000001', nextHop: teSide(r).twill6 });
    }
  });

  it('passes routes both ways between the two twill-bgpd (te ↔ ti)', async () => {
    const atTe = await receivedAll('te', '10.3.0.1', ['10.20.0.0/24']);
    expect(atTe.find((p) => p.prefix === '10.20.0.0/24')).to.deep.include({
      asPath: '4200000002',
      nextHop: '10.3.0.1',
      med: 20,
      communities: ['65020:2'],
      largeCommunities: ['4200000002:2:2'],
    });
    expect(atTe.find((p) => p.prefix === '10.20.0.0/24')?.localPref).to.equal(undefined);
    const atTi = await receivedAll('ti', '10.3.0.0', ['10.10.0.0/24']);
    expect(atTi.find((p) => p.prefix === '10.10.0.0/24')).to.deep.include({
      asPath: '4200000001',
      nextHop: '10.3.0.0',
      med: 10,
      communities: ['65010:1'],
      largeCommunities: ['4200000001:1:1'],
    });
  });

  it("fires the hold timer when BIRD and FRR's bgpd freeze (SIGSTOP), flushes their routes, and recovers after SIGCONT", async () => {
    await allEstablished('te');
    await allEstablished('ti');
    const frozen = ['bird', 'frr'] as const;
    const pids = frozen.map((node) => {
      const name = node === 'bird' ? 'bird' : 'bgpd';
      const p = l().processes.find((x) => x.node === node && x.name === name);
      if (p === undefined) throw new Error(`no ${name} process in the lab state`);
      return p.pid;
    });
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      for (const r of frozen) {
        const p = await waitFor(
          `te drops ${r} after the 9 s hold time`,
          async () =>
            (await ctlPeers('te')).find((x) => x.peer === teSide(r).router && x.state !== 'Established'),
          { timeoutMs: 25_000 },
        );
        expect(p.lastError, r).to.equal('Sent NOTIFICATION 4/0 Hold Timer Expired');
        // Its routes are flushed (te may still reach the prefixes through ti until ti's timer fires too).
        await flushed('te', teSide(r).router);
      }
      // GoBGP was not frozen: its session and routes stay.
      expect((await ctlPeers('te')).find((x) => x.peer === teSide('gobgp').router)?.state).to.equal(
        'Established',
      );
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    await allEstablished('te');
    await allEstablished('ti');
    for (const r of frozen) await receivedAll('te', teSide(r).router, [R[r].v4, R[r].v6]);
  });

  it('sees each router crash (SIGKILL) in words, flushes its routes, and re-learns them after it restarts', async () => {
    await allEstablished('te');
    await allEstablished('ti');
    await Promise.all(ROUTERS.map((r) => l().killNode(r)));
    for (const node of ['te', 'ti'] as const) {
      const down = await waitFor(`${node}: the three router sessions down`, async () => {
        const p = (await ctlPeers(node)).filter((x) => x.peer !== '10.3.0.1' && x.peer !== '10.3.0.0');
        return p.every((x) => x.state !== 'Established') ? p : undefined;
      });
      // The closed connection, seen at once (not a hold timer expiring 9 s later); te, the active side,
      // then finds nobody listening (": ECONNREFUSED") until the router is back.
      for (const p of down) expect(p.lastError, `${node}–${p.peer}`).to.match(/^TCP connection failed/);
      for (const p of down) await flushed(node, p.peer);
    }
    // ti learns the routers' prefixes from them only (te does not send them back into their AS): gone.
    await waitFor(
      'ti: no router prefix left',
      async () => {
        const b = await best('ti');
        return ROUTERS.every((r) => !b.some((x) => x.prefix === R[r].v4 || x.prefix === R[r].v6))
          ? true
          : undefined;
      },
      { timeoutMs: 5000, intervalMs: 200 },
    );
    // The te–ti session is not affected.
    expect((await ctlPeers('te')).find((x) => x.peer === '10.3.0.1')?.state).to.equal('Established');
    await Promise.all(ROUTERS.map((r) => l().restartNode(r)));
    await allEstablished('te');
    await allEstablished('ti');
    for (const r of ROUTERS) {
      await receivedAll('te', teSide(r).router, [R[r].v4, R[r].v6]);
      await receivedAll('ti', tiSide(r).router, [R[r].v4, R[r].v6]);
      await pathFrom(r, '10.10.0.0/24', fromTe(r));
      await pathFrom(r, '10.20.0.0/24', fromTi(r));
    }
  });
});
