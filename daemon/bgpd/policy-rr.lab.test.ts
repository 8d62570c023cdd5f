// Policy, route reflection and operations against real routers (topology: bgp/speaker/testdata/policy-rr).
// Twill reflects between BIRD, FRR and GoBGP clients (ORIGINATOR_ID / CLUSTER_LIST on their CLIs), is a
// client of an FRR reflector, refuses routes that looped, rejects a ToR's pod prefix by import policy,
// exchanges nothing with an eBGP peer without policy (RFC 8212), changes what the ToR receives on a config
// reload without resetting its session, drains it (RFC 8326) and shuts it down with a message (RFC 9003).
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Lab } from '../../lab/lab.js';
import { nodeRun } from '../../lab/kinds/context.js';
import { vtyshArgv } from '../../lab/kinds/frr.js';
import { birdc } from '../../lab/routers/birdc.js';
import { gobgpJson } from '../../lab/routers/gobgp.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import type { PeerStatusWithCounts, RouteJson } from '../../bgp/speaker/index.js';
import { request } from '../ctl/control-client.js';
import { BgpdLab } from './testing/bgpd-lab.js';

const DIR = repoPath('bgp/speaker/testdata/policy-rr');
const TOR = '10.0.4.1';
const NOPOL = '10.0.5.1';
const CLIENTS = ['10.0.1.1', '10.0.2.1', '10.0.3.1'];
const ALL_PEERS = [...CLIENTS, TOR, NOPOL, '10.0.6.1', '10.0.7.1'];
const POLL = { intervalMs: 500, timeoutMs: 45_000 };

interface FrrPath {
  aspath?: { string?: string };
  metric?: number;
  originatorId?: string;
  clusterList?: { list?: string[] };
  community?: { string?: string; list?: string[] };
}
interface FrrNeighbor {
  connectionsEstablished?: number;
  connectionsDropped?: number;
  bgpState?: string;
}

describe('twill-bgpd: policy, route reflection and operations with BIRD, FRR, GoBGP and ExaBGP', function () {
  this.timeout(180_000);
  let bgpd: BgpdLab | undefined;
  let lab: Lab | undefined;
  let socket: string;
  let configFile: string;

  before(async () => {
    bgpd = await BgpdLab.up({ dir: DIR, topology: 'policy-rr.clab.yml', tag: 'polrr' });
    lab = bgpd.lab;
    socket = bgpd.socket;
    configFile = bgpd.configFile;
  });

  after(async () => {
    await bgpd?.down();
  });

  const l = (): Lab => lab as Lab;
  const peers = (): Promise<PeerStatusWithCounts[]> => (bgpd as BgpdLab).peers();
  const peer = async (address: string): Promise<PeerStatusWithCounts | undefined> =>
    (await peers()).find((p) => p.peer === address);
  const routes = async (view: string, peerAddress?: string): Promise<RouteJson[]> =>
    (await request(socket, 'bgp.routes', {
      view,
      ...(peerAddress === undefined ? {} : { peer: peerAddress }),
    })) as RouteJson[];
  const twillctl = (...args: string[]) =>
    l().exec('tw', ['node', repoPath('dist/daemon/ctl/main.js'), '--socket', socket, 'bgp', ...args]);
  const frrRoute = async (node: string, prefix: string): Promise<FrrPath[]> =>
    (await vtyshJson<{ paths?: FrrPath[] }>(l().nodeContext(node), `show bgp ipv4 unicast ${prefix} json`))
      .paths ?? [];
  const frrNeighbor = async (node: string, address: string): Promise<FrrNeighbor | undefined> =>
    (
      await vtyshJson<Record<string, FrrNeighbor>>(
        l().nodeContext(node),
        `show bgp neighbors ${address} json`,
      )
    )[address];
  const vtysh = async (node: string, ...commands: string[]): Promise<string> =>
    (await nodeRun(l().nodeContext(node), vtyshArgv(l().nodeContext(node), commands), { timeoutMs: 10_000 }))
      .stdout;

  it('brings all seven sessions to Established', async () => {
    let last: PeerStatusWithCounts[] = [];
    await waitFor(
      'twillctl: seven sessions Established',
      async () => {
        last = await peers();
        return ALL_PEERS.every((a) => last.find((x) => x.peer === a)?.state === 'Established')
          ? last
          : undefined;
      },
      {
        ...POLL,
        timeoutMs: 60_000,
        describeLast: () => last.map((x) => `${x.peer} ${x.state} ${x.lastError ?? ''}`).join('; '),
      },
    );
    const p = await peers();
    expect(p.filter((x) => x.routeReflectorClient).map((x) => x.peer)).to.have.members(CLIENTS);
  });

  it('reflects a client route to the other clients with ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8), on their CLIs', async () => {
    // bird1 (10.255.0.1) → frr1: ORIGINATOR_ID bird1, CLUSTER_LIST [Twill's cluster = its router ID].
    const atFrr = await waitFor(
      'frr1 has 10.1.0.0/24 reflected',
      async () => (await frrRoute('frr1', '10.1.0.0/24'))[0],
      POLL,
    );
    expect(atFrr.originatorId, JSON.stringify(atFrr)).to.equal('10.255.0.1');
    expect(atFrr.clusterList?.list).to.deep.equal(['10.255.0.10']);
    // frr1 (10.255.0.2) → bird1.
    const atBird = await waitFor(
      'bird1 has 10.2.0.0/24 reflected',
      async () => {
        const out = await birdc(l().nodeContext('bird1'), 'show route 10.2.0.0/24 all');
        return out.includes('BGP.originator_id') ? out : undefined;
      },
      POLL,
    );
    expect(atBird).to.match(/BGP\.originator_id:\s+10\.255\.0\.2/);
    expect(atBird).to.match(/BGP\.cluster_list:\s+10\.255\.0\.10/);
    // gobgp1 (10.255.0.3) → frr1, and bird1 → gobgp1 (GoBGP shows attributes in its RIB JSON).
    const fromGobgp = await waitFor(
      'frr1 has 10.3.0.0/24 reflected',
      async () => (await frrRoute('frr1', '10.3.0.0/24'))[0],
      POLL,
    );
    expect(fromGobgp.originatorId).to.equal('10.255.0.3');
    const gobgpRib = await waitFor(
      'gobgp1 has 10.1.0.0/24 reflected',
      async () => {
        const rib = await gobgpJson<Record<string, { attrs?: { type: number; value?: unknown }[] }[]>>(
          l().nodeContext('gobgp1'),
          ['global', 'rib'],
        );
        return rib?.['10.1.0.0/24']?.[0];
      },
      POLL,
    );
    const attrs = gobgpRib.attrs ?? [];
    // BGP attribute type codes: ORIGINATOR_ID 9, CLUSTER_LIST 10.
    expect(attrs.find((a) => a.type === 9)?.value).to.equal('10.255.0.1');
    expect(attrs.find((a) => a.type === 10)?.value).to.deep.equal(['10.255.0.10']);
  });

  it('as a client of the FRR reflector, gets the routes of its other client (ExaBGP)', async () => {
    const route = await waitFor(
      'Twill best: 10.65.0.0/24 via rr',
      async () => (await routes('best')).find((r) => r.prefix === '10.65.0.0/24'),
      POLL,
    );
    expect(route).to.include({ peer: '10.0.6.1', originatorId: '10.255.0.8' });
    expect(route.clusterList).to.deep.equal(['10.255.0.66']);
    // Twill reflects it on to its own clients (non-client → clients), its cluster ID first.
    const atFrr = await waitFor(
      'frr1 has 10.65.0.0/24',
      async () => (await frrRoute('frr1', '10.65.0.0/24'))[0],
      POLL,
    );
    expect(atFrr.clusterList?.list).to.deep.equal(['10.255.0.10', '10.255.0.66']);
  });

  it('refuses routes that looped: our cluster ID in CLUSTER_LIST, our router ID as ORIGINATOR_ID', async () => {
    const received = await waitFor(
      'Twill received ExaBGP routes 10.66, 10.67 and 10.68',
      async () => {
        const r = await routes('received', '10.0.7.1');
        return ['10.66.0.0/24', '10.67.0.0/24', '10.68.0.0/24'].every((p) => r.some((x) => x.prefix === p))
          ? r
          : undefined;
      },
      POLL,
    );
    expect(received.find((r) => r.prefix === '10.66.0.0/24')?.rejected).to.equal('cluster-list-loop');
    expect(received.find((r) => r.prefix === '10.67.0.0/24')?.rejected).to.equal('originator-id-loop');
    expect(received.find((r) => r.prefix === '10.68.0.0/24')?.rejected).to.equal(undefined);
    const best = await routes('best');
    expect(best.some((r) => r.prefix === '10.68.0.0/24')).to.equal(true);
    expect(best.some((r) => r.prefix === '10.66.0.0/24' || r.prefix === '10.67.0.0/24')).to.equal(false);
  });

  it("rejects the ToR's pod prefix by import policy and applies the policy's sets to its own", async () => {
    // FRR also sends back what it learned from Twill (refused here as an AS path loop): count its own two.
    const ownPrefixes = (r: RouteJson[]) => r.filter((x) => x.rejected !== 'as-path-loop');
    const received = await waitFor(
      'ToR: its two prefixes received',
      async () => {
        const r = ownPrefixes(await routes('received', TOR));
        return r.length === 2 ? r : undefined;
      },
      POLL,
    );
    expect(received.find((r) => r.prefix === '10.244.5.0/24')?.rejected).to.equal('import-policy');
    expect(received.find((r) => r.prefix === '10.100.0.0/24')?.rejected).to.equal(undefined);
    const counts = (await peer(TOR))?.prefixes['ipv4-unicast'];
    expect(counts?.accepted).to.equal(1);
    expect(counts?.received).to.be.at.least(2);
    const best = await routes('best');
    expect(best.some((r) => r.prefix === '10.244.5.0/24')).to.equal(false);
    const own = best.find((r) => r.prefix === '10.100.0.0/24');
    expect(own).to.include({ peer: TOR, localPref: 150 });
    expect(own?.communities).to.include('65010:100');
  });

  it('exchanges nothing with an eBGP peer without policy, and says so (RFC 8212)', async () => {
    const p = await waitFor(
      'nopol: one route received',
      async () => {
        const x = await peer(NOPOL);
        return x?.prefixes['ipv4-unicast']?.received === 1 ? x : undefined;
      },
      POLL,
    );
    expect(p.notes).to.include('no import policy (RFC 8212): 1 routes received, 0 accepted');
    expect(p.notes).to.include('no export policy (RFC 8212): 0 routes advertised');
    expect((await routes('best')).some((r) => r.prefix === '10.200.0.0/24')).to.equal(false);
    const table = (await twillctl('peers')).stdout;
    expect(table).to.include('no import policy (RFC 8212): 1 routes received, 0 accepted');
    // BIRD got nothing from Twill, though Twill has plenty to send.
    const atBird = await birdc(l().nodeContext('nopol'), 'show route protocol twill');
    expect(atBird).to.not.match(/10\.\d+\.\d+\.0\/24/);
  });

  it("changes what the ToR receives on a config reload, without resetting the ToR's session", async () => {
    await waitFor(
      'tor has 10.10.0.0/24',
      async () => ((await frrRoute('tor', '10.10.0.0/24')).length > 0 ? true : undefined),
      POLL,
    );
    expect(await frrRoute('tor', '10.10.1.0/24')).to.deep.equal([]);
    const before = await frrNeighbor('tor', '10.0.4.0');
    expect(before?.connectionsEstablished).to.equal(1);
    const uptimeBefore = (await peer(TOR))?.uptimeSec ?? 0;
    // New export policy: also 10.10.1.0/24, with MED 77 and our AS prepended twice more.
    const text = readFileSync(configFile, 'utf8').replace(
      `      - match: { prefixes: [10.10.0.0/24] }
        then: accept`,
      `      - match: { prefixes: [10.10.0.0/23, { prefix: 10.10.0.0/23, ge: 24, le: 24 }] }
        set: { med: 77, prependAsPath: 2 }
        then: accept`,
    );
    expect(text).to.not.equal(readFileSync(configFile, 'utf8'));
    writeFileSync(configFile, text);
    const report = (await request(socket, 'bgp.reload')) as { updatedSoft: string[]; restarted: string[] };
    expect(report.updatedSoft).to.deep.equal([TOR]);
    expect(report.restarted).to.deep.equal([]);
    const added = await waitFor(
      'tor has 10.10.1.0/24',
      async () => (await frrRoute('tor', '10.10.1.0/24'))[0],
      POLL,
    );
    expect(added.aspath?.string).to.equal('65010 65010 65010');
    expect(added.metric).to.equal(77);
    await waitFor(
      'tor sees MED 77 on 10.10.0.0/24',
      async () => ((await frrRoute('tor', '10.10.0.0/24'))[0]?.metric === 77 ? true : undefined),
      POLL,
    );
    const after = await frrNeighbor('tor', '10.0.4.0');
    expect(after?.connectionsEstablished, 'FRR saw no new session').to.equal(1);
    expect(after?.connectionsDropped).to.equal(0);
    expect((await peer(TOR))?.uptimeSec).to.be.at.least(uptimeBefore);
  });

  it('drains the ToR (RFC 8326): FRR sees GRACEFUL_SHUTDOWN on our routes; then ends the drain', async () => {
    const out = await twillctl('drain', '--peer', TOR);
    expect(out.stdout).to.include(TOR);
    const drained = await waitFor(
      'tor sees graceful-shutdown on 10.10.0.0/24',
      async () => {
        const p = (await frrRoute('tor', '10.10.0.0/24'))[0];
        const c = p?.community?.string ?? '';
        return c.includes('graceful-shutdown') || c.includes('65535:0') ? p : undefined;
      },
      POLL,
    );
    expect(drained.community?.string).to.include('65010:1');
    expect((await peer(TOR))?.draining).to.equal(true);
    await twillctl('drain', '--peer', TOR, 'off');
    await waitFor(
      'tor: graceful-shutdown gone',
      async () => {
        const c = (await frrRoute('tor', '10.10.0.0/24'))[0]?.community?.string ?? '';
        return c.includes('graceful-shutdown') || c.includes('65535:0') ? undefined : true;
      },
      POLL,
    );
    expect((await frrNeighbor('tor', '10.0.4.0'))?.connectionsEstablished).to.equal(1);
  });

  it('soft-resets in and out without dropping the session', async () => {
    await twillctl('peer', TOR, 'soft-reset', 'in');
    await twillctl('peer', TOR, 'soft-reset', 'out');
    const p = await waitFor(
      'ToR still established with its routes',
      async () => {
        const x = await peer(TOR);
        return x?.state === 'Established' && x.prefixes['ipv4-unicast']?.accepted === 1 ? x : undefined;
      },
      POLL,
    );
    expect(p.uptimeSec).to.be.at.least(1);
    expect((await frrNeighbor('tor', '10.0.4.0'))?.connectionsEstablished).to.equal(1);
  });

  it('shuts the ToR down with a message that FRR shows (RFC 9003), and brings it back', async () => {
    await twillctl('peer', TOR, 'shutdown', '--message', 'maintenance ticket 4711');
    // FRR shows it under the neighbor until its next connection attempt is refused (Twill's peer is
    // down now), and logs it (log-neighbor-changes): either is FRR having decoded our message.
    const log = path.join(l().nodeDir('tor'), 'frr.log');
    const seen = await waitFor(
      'FRR shows the shutdown communication',
      async () => {
        const out = await vtysh('tor', 'show bgp neighbors 10.0.4.0');
        if (out.includes('maintenance ticket 4711')) return out;
        const logged = existsSync(log) ? readFileSync(log, 'utf8') : '';
        return logged.split('\n').find((line) => line.includes('maintenance ticket 4711'));
      },
      { ...POLL, intervalMs: 200 },
    );
    expect(seen).to.match(/[Ss]hutdown/);
    const p = await peer(TOR);
    expect(p?.admin).to.equal('disabled: maintenance ticket 4711');
    expect(p?.lastError).to.equal(
      'Sent NOTIFICATION 6/2 Administrative Shutdown, shutdown communication: "maintenance ticket 4711"',
    );
    await twillctl('peer', TOR, 'enable');
    await waitFor(
      'ToR back',
      async () => ((await peer(TOR))?.state === 'Established' ? true : undefined),
      POLL,
    );
  });

  it("shows a peer's own shutdown message in words (BIRD disable with a message)", async () => {
    await birdc(l().nodeContext('nopol'), 'disable twill "bird-going-down"');
    const p = await waitFor(
      'nopol last error',
      async () => {
        const x = await peer(NOPOL);
        return x?.lastError?.includes('shutdown communication') === true ? x : undefined;
      },
      POLL,
    );
    expect(p.lastError).to.equal(
      'Received NOTIFICATION 6/2 Administrative Shutdown, shutdown communication: "bird-going-down"',
    );
  });
});
