// Transport security and peering shapes of twill-bgpd against real routers, in one topology
// (bgp/speaker/testdata/security): TCP MD5 (RFC 2385) with BIRD and FRR, on outgoing and accepted
// connections, IPv4 and IPv6; GTSM (RFC 5082) and eBGP multihop with a BIRD one router away; dynamic
// peers from a listen range; an FRR session over IPv6 link-local addresses carrying IPv4 routes with
// IPv6 next hops (RFC 8950).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Lab } from '../../lab/lab.js';
import { birdc } from '../../lab/routers/birdc.js';
import type { BgpSessionView } from '../../lab/routers/sessions.js';
import { uniqueLabName } from '../../lab/testing/leftovers.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import type { PeerStatusWithCounts, RouteJson } from '../../bgp/speaker/index.js';
import { request } from '../ctl/control-client.js';

const DIR = repoPath('bgp/speaker/testdata/security');
const LINK_LOCAL_PEER = 'fe80::2%eth3';

describe('twill-bgpd transport security, dynamic and link-local peers, with BIRD 2 and FRR', function () {
  this.timeout(180_000);
  let lab: Lab | undefined;
  let tmp: string;
  let socket: string;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-security-'));
    socket = path.join(tmp, 'bgpd.sock');
    const config = readFileSync(path.join(DIR, 'twill-bgpd.yaml'), 'utf8').replace(
      '/tmp/twill-bgpd.sock',
      socket,
    );
    writeFileSync(path.join(tmp, 'bgpd.yaml'), config);
    lab = await Lab.up(path.join(DIR, 'security.clab.yml'), { name: uniqueLabName('bgpsec') });
    const main = repoPath('dist/daemon/bgpd/main.js');
    lab.spawn('tw', ['sh', '-c', `exec node ${main} --config ${tmp}/bgpd.yaml 2>${tmp}/bgpd.log`]);
  });

  after(async () => {
    if (process.env.TWILL_KEEP_LOG)
      writeFileSync(process.env.TWILL_KEEP_LOG, readFileSync(`${tmp}/bgpd.log`));
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  });

  const l = (): Lab => lab as Lab;
  const peers = async (): Promise<PeerStatusWithCounts[]> => {
    const r = await l().exec('tw', [
      'node',
      repoPath('dist/daemon/ctl/main.js'),
      '--socket',
      socket,
      'bgp',
      'peers',
      '-o',
      'json',
    ]);
    return JSON.parse(r.stdout) as PeerStatusWithCounts[];
  };
  const peer = async (address: string) => (await peers()).find((p) => p.peer === address);
  const ctlTable = async (): Promise<string> =>
    (await l().exec('tw', ['node', repoPath('dist/daemon/ctl/main.js'), '--socket', socket, 'bgp', 'peers']))
      .stdout;
  const up = async (address: string): Promise<PeerStatusWithCounts> =>
    waitFor(
      `twillctl: ${address} Established`,
      async () => {
        const p = await peer(address);
        return p?.state === 'Established' ? p : undefined;
      },
      { timeoutMs: 60_000 },
    );
  const session = async (node: string, name: string): Promise<BgpSessionView | undefined> =>
    (await l().sessions(node)).find((s) => s.name === name || s.peer === name);

  it('TCP MD5: BIRD and FRR sessions with the same key come up (outgoing, accepted, IPv6)', async () => {
    const bird = await up('10.0.1.2');
    expect(bird.transport).to.deep.include({ tcpMd5: true, ttl: 1 });
    // Twill is passive towards 10.0.2.2: FRR's connection was accepted, signed with the listener's key.
    await up('10.0.2.2');
    const v6 = await up('fd00:2::2');
    expect(v6.transport.tcpMd5).to.equal(true);
    expect((await session('bird1', 'md5ok'))?.state).to.equal('Established');
    expect((await session('frr1', '10.0.2.1'))?.state).to.equal('Established');
    expect((await session('frr1', 'fd00:2::1'))?.state).to.equal('Established');
  });

  it('TCP MD5: a different key keeps the session down, and status says so in words', async () => {
    for (const address of ['10.0.1.3', '10.0.2.3']) {
      // Other errors may come first (a hold timer on a half-open accepted connection): wait for this one.
      const p = await waitFor(`${address}: the MD5 hint`, async () => {
        const x = await peer(address);
        return x?.lastError?.includes('MD5') === true ? x : undefined;
      });
      expect(p.state, address).to.not.equal('Established');
      expect(p.lastError, address).to.match(
        /^TCP connection failed: no answer — MD5 key mismatch or missing\?/,
      );
    }
    // The kernel counted the badly signed segments it dropped.
    expect((await peer('10.0.1.3'))?.lastError).to.match(/kernel MD5 drops: [1-9]/);
    expect((await session('bird1', 'md5bad'))?.state).to.not.equal('Established');
    expect((await session('frr1', '10.0.2.9'))?.state).to.not.equal('Established');
    expect(await ctlTable()).to.match(/10\.0\.1\.3 .* md5 ttl=1 .*MD5 key mismatch/);
  });

  it('GTSM: FRR with ttl-security hops 1 comes up; BIRD two hops away is refused with GTSM for 1 hop, accepted with multihop or GTSM for 2 hops', async () => {
    const frr = await up('10.0.2.4');
    expect(frr.transport).to.deep.include({ ttl: 255, minTtl: 255 });
    const multihop = await up('10.0.6.2');
    expect(multihop.transport.ttl).to.equal(2);
    expect(multihop.transport.minTtl).to.equal(undefined);
    const gtsm2 = await up('10.0.6.3');
    expect(gtsm2.transport).to.deep.include({ ttl: 255, minTtl: 254 });
    // 10.0.6.1: the same BIRD, same path, but Twill allows 1 hop: its kernel drops BIRD's packets (TTL 254).
    const refused = await waitFor('10.0.6.1: the GTSM hint', async () => {
      const x = await peer('10.0.6.1');
      return x?.lastError?.includes('GTSM') === true ? x : undefined;
    });
    expect(refused.state).to.not.equal('Established');
    expect(refused.lastError).to.equal(
      'TCP connection failed: no answer — peer more than 1 hop(s) away (GTSM)?',
    );
    expect((await session('bird2', 'gtsm1'))?.state).to.not.equal('Established');
    // BIRD's own connections (SYN with TTL 254) are closed on accept, before its OPEN is read, and
    // Twill's status says so in words (bgp/session/incoming-gtsm.ts).
    const refusedIn = await waitFor('10.0.6.1: an incoming connection refused by GTSM', async () => {
      const x = await peer('10.0.6.1');
      return x?.transport.gtsmLastRefusal === undefined ? undefined : x;
    });
    expect(refusedIn.transport.gtsmLastRefusal).to.equal(
      'refused an incoming connection with TTL 254 (GTSM allows ≥ 255)',
    );
    expect(refusedIn.transport.gtsmRefusedConnections).to.be.at.least(1);
    expect(refusedIn.state).to.not.equal('Established');
    expect((await session('bird2', 'gtsm1'))?.state).to.not.equal('Established');
    expect(await ctlTable()).to.match(/10\.0\.6\.1 .* gtsm>=255 ttl=255 gtsm-refused=[1-9]/);
  });

  it('dynamic peers: BIRD from inside the range comes up with its AS learned; a wrong AS and an outside address are refused', async () => {
    const dyn = await up('10.0.1.8');
    expect(dyn).to.include({ peerAs: 65301, dynamicRange: '10.0.1.8/30', holdTimeSec: 9 });
    expect((await session('bird1', 'dynok'))?.state).to.equal('Established');
    const routes = await waitFor('Twill best view: BIRD route', async () => {
      const b = (await request(socket, 'bgp.routes', { view: 'received', peer: '10.0.1.8' })) as RouteJson[];
      return b.find((r) => r.prefix === '10.100.0.0/24');
    });
    expect(routes.asPath).to.equal('65301');
    for (const [name, error] of [
      ['dynbadas', /Received: Bad peer AS/],
      ['outside', /Received: Connection rejected/],
    ] as const) {
      const text = await waitFor(`bird1 ${name}: refused`, async () => {
        const t = await birdc(l().nodeContext('bird1'), `show protocols all ${name}`);
        return error.test(t) ? t : undefined;
      });
      expect(text).to.not.match(/BGP state:\s+Established/);
    }
    const list = await peers();
    expect(list.map((p) => p.peer)).to.not.include.members(['10.0.1.9', '10.0.1.12']);
    // The dynamic peer leaves status when its session ends.
    await birdc(l().nodeContext('bird1'), 'disable dynok');
    await waitFor('10.0.1.8 gone from twillctl', async () =>
      (await peer('10.0.1.8')) === undefined ? true : undefined,
    );
  });

  it('IPv6 link-local: FRR installs Twill’s IPv4 route via Twill’s link-local address, Twill has FRR’s IPv4 route with an IPv6 next hop', async () => {
    const p = await up(LINK_LOCAL_PEER);
    expect(p.families).to.include.members(['ipv4-unicast', 'ipv6-unicast']);
    expect(p.transport.interface).to.equal('eth3');
    const route = await waitFor('frr1: 10.10.0.0/24 via inet6 fe80::1', async () => {
      const r = await l().exec('frr1', ['ip', '-4', 'route', 'show', '10.10.0.0/24']);
      return r.stdout.includes('via inet6 fe80::1') ? r.stdout : undefined;
    });
    expect(route).to.include('dev eth2');
    const v6 = await waitFor('frr1: 2001:db8:10::/48 via fe80::1', async () => {
      const r = await l().exec('frr1', ['ip', '-6', 'route', 'show', '2001:db8:10::/48']);
      return r.stdout.includes('via fe80::1') ? r.stdout : undefined;
    });
    expect(v6).to.include('dev eth2');
    const best = await waitFor("Twill best view: FRR's 10.200.0.0/24", async () =>
      ((await request(socket, 'bgp.routes', { view: 'best' })) as RouteJson[]).find(
        (r) => r.prefix === '10.200.0.0/24',
      ),
    );
    expect(best.peer).to.equal(LINK_LOCAL_PEER);
    // RFC 8950: an IPv4 route whose next hop is FRR's IPv6 (link-local) address.
    expect(best.nextHop).to.equal('fe80::2');
  });
});
