// Encoding against iproute2: every object here is created through our codec and a NetlinkSocket in a
// namespace made for the test (needs root), then read back with `ip -j` / `ip -j -d` / `bridge -j fdb`
// and compared field by field, so an attribute we encode wrongly shows up as iproute2 sees it.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { encodeAddress, type AddressMessage } from './codec/address.js';
import { encodeLink, linkUpDown, type LinkMessage } from './codec/link.js';
import { encodeNeighbour, type NeighbourMessage } from './codec/neighbour.js';
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL } from './codec/nl-constants.js';
import { encodeRoute, type RouteMessage } from './codec/route.js';
import {
  IFA_F_NODAD,
  NTF_PROXY,
  NTF_SELF,
  NUD_PERMANENT,
  RT_SCOPE_UNIVERSE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWROUTE,
} from './codec/rt-constants.js';
import { NetlinkSocket } from './socket.js';
import { createTestNetns, deleteTestNetns, ifindex, ipJson } from './testing/netns.js';

type Json = Record<string, unknown>;
const ip = parseIpAddress;
const CREATE = NLM_F_CREATE | NLM_F_EXCL;

const route = (dst: string, fields: Partial<RouteMessage>): RouteMessage => ({
  dst: parsePrefix(dst),
  table: 100,
  protocol: 0x54,
  scope: RT_SCOPE_UNIVERSE,
  type: 'unicast',
  ...fields,
});

describe('rtnetlink encoding, as iproute2 reports it (real kernel, network namespace)', function () {
  this.timeout(30_000);
  let ns: string;
  let socket: NetlinkSocket;
  let veth0: number;
  let vx0: number;
  const send = (type: number, payload: Buffer, flags = CREATE) => socket.request({ type, flags, payload });
  const linkJson = (dev: string) => ipJson<Json[]>(ns, '-d', 'link', 'show', 'dev', dev)[0] as Json;
  const routeJson = (family: '-4' | '-6', table: string, dst: string) =>
    ipJson<Json[]>(ns, family, '-d', 'route', 'show', 'table', table).find((r) => r.dst === dst);

  before(async () => {
    ns = createTestNetns();
    socket = NetlinkSocket.open({ netns: ns });
    const link: LinkMessage = {
      index: 0,
      name: 'veth0',
      mtu: 1400,
      address: '02:54:00:00:00:01',
      info: { kind: 'veth', peer: { name: 'veth1', mtu: 1400, address: '02:54:00:00:00:02' } },
    };
    await send(RTM_NEWLINK, encodeLink(link));
    veth0 = ifindex(ns, 'veth0');
    await send(RTM_NEWLINK, encodeLink(linkUpDown(veth0, true)), 0);
    await send(RTM_NEWLINK, encodeLink(linkUpDown(ifindex(ns, 'veth1'), true)), 0);
    const addresses: AddressMessage[] = [
      {
        index: veth0,
        address: ip('10.0.0.1'),
        prefixLength: 24,
        broadcast: ip('10.0.0.255'),
        label: 'veth0:tw',
      },
      { index: veth0, address: ip('fd00::1'), prefixLength: 64, flags: IFA_F_NODAD },
    ];
    for (const a of addresses) await send(RTM_NEWADDR, encodeAddress(a));
    const vxlan: LinkMessage = {
      index: 0,
      name: 'vx0',
      mtu: 1350,
      address: '02:54:00:00:00:03',
      info: {
        kind: 'vxlan',
        vni: 42,
        port: 4789,
        local: ip('10.0.0.1'),
        dev: veth0,
        learning: false,
        ttl: 64,
      },
    };
    await send(RTM_NEWLINK, encodeLink(vxlan));
    vx0 = ifindex(ns, 'vx0');
  });
  after(() => {
    socket.close();
    deleteTestNetns(ns);
  });

  it('links: a veth pair (MTU, MAC, peer, up) and a vxlan device (VNI, port, local, underlay, learning off, TTL)', () => {
    const v = linkJson('veth0');
    expect(v).to.include({ ifname: 'veth0', mtu: 1400, address: '02:54:00:00:00:01', link: 'veth1' });
    expect(v.flags).to.include('UP');
    expect(v.linkinfo).to.deep.include({ info_kind: 'veth' });
    expect(linkJson('veth1')).to.include({ mtu: 1400, address: '02:54:00:00:00:02', link: 'veth0' });
    const x = linkJson('vx0');
    expect(x).to.include({ ifname: 'vx0', mtu: 1350, address: '02:54:00:00:00:03' });
    expect(x.linkinfo).to.have.property('info_kind', 'vxlan');
    expect((x.linkinfo as { info_data: Json }).info_data).to.include({
      id: 42,
      port: 4789,
      local: '10.0.0.1',
      link: 'veth0',
      learning: false,
      ttl: 64,
    });
  });

  it('addresses: IPv4 with broadcast and label, IPv6 with nodad', () => {
    const [dev] = ipJson<{ addr_info: Json[] }[]>(ns, 'addr', 'show', 'dev', 'veth0');
    const v4 = dev?.addr_info.find((a) => a.family === 'inet');
    expect(v4).to.include({
      local: '10.0.0.1',
      prefixlen: 24,
      broadcast: '10.0.0.255',
      scope: 'global',
      label: 'veth0:tw',
    });
    const v6 = dev?.addr_info.find((a) => a.family === 'inet6' && a.scope === 'global');
    expect(v6).to.include({ local: 'fd00::1', prefixlen: 64, nodad: true });
  });

  it('routes: gateway in main, blackhole, onlink, weighted ECMP, MTU metric, a non-main table, IPv6', async () => {
    const routes: RouteMessage[] = [
      route('10.10.0.0/24', { table: 254, gateway: ip('10.0.0.2'), priority: 20 }),
      route('10.11.0.0/24', { type: 'blackhole' }),
      route('10.12.0.0/24', { gateway: ip('192.168.9.1'), oif: veth0, onlink: true }),
      route('10.13.0.0/24', {
        multipath: [{ gateway: ip('10.0.0.2') }, { gateway: ip('10.0.0.3'), weight: 3 }],
      }),
      route('10.14.0.0/24', { gateway: ip('10.0.0.2'), metrics: { mtu: 1300 } }),
      route('fd10::/64', { table: 1000, gateway: ip('fd00::2'), priority: 1024 }),
      route('fd11::/64', {
        priority: 1024,
        multipath: [
          { gateway: ip('fd00::2'), oif: veth0 },
          { gateway: ip('fd00::3'), oif: veth0 },
        ],
      }),
    ];
    for (const r of routes) await send(RTM_NEWROUTE, encodeRoute(r));

    expect(routeJson('-4', 'main', '10.10.0.0/24')).to.include({
      type: 'unicast',
      gateway: '10.0.0.2',
      dev: 'veth0',
      protocol: '84',
      metric: 20,
    });
    expect(routeJson('-4', '100', '10.11.0.0/24')).to.include({ type: 'blackhole', protocol: '84' });
    const onlink = routeJson('-4', '100', '10.12.0.0/24');
    expect(onlink).to.include({ gateway: '192.168.9.1', dev: 'veth0' });
    expect(onlink?.flags).to.include('onlink');
    const ecmp = routeJson('-4', '100', '10.13.0.0/24') as { nexthops: Json[] } | undefined;
    expect(ecmp?.nexthops.map((h) => [h.gateway, h.dev, h.weight])).to.deep.equal([
      ['10.0.0.2', 'veth0', 1],
      ['10.0.0.3', 'veth0', 3],
    ]);
    expect(routeJson('-4', '100', '10.14.0.0/24')).to.deep.include({
      gateway: '10.0.0.2',
      metrics: [{ mtu: 1300 }],
    });
    expect(routeJson('-6', '1000', 'fd10::/64')).to.include({
      gateway: 'fd00::2',
      protocol: '84',
      metric: 1024,
    });
    const ecmp6 = routeJson('-6', '100', 'fd11::/64') as { nexthops: Json[] } | undefined;
    expect(ecmp6?.nexthops.map((h) => h.gateway)).to.have.members(['fd00::2', 'fd00::3']);
  });

  it('neighbours: permanent ARP and NDP entries, a proxy entry', async () => {
    const neighbours: NeighbourMessage[] = [
      {
        family: 'inet',
        index: veth0,
        state: NUD_PERMANENT,
        dst: ip('10.0.0.9'),
        lladdr: '02:00:00:00:00:09',
      },
      {
        family: 'inet6',
        index: veth0,
        state: NUD_PERMANENT,
        dst: ip('fd00::9'),
        lladdr: '02:00:00:00:00:0a',
      },
      { family: 'inet', index: veth0, state: NUD_PERMANENT, flags: NTF_PROXY, dst: ip('10.0.0.50') },
    ];
    for (const n of neighbours) await send(RTM_NEWNEIGH, encodeNeighbour(n));
    const arp = ipJson<Json[]>(ns, 'neigh', 'show', 'dev', 'veth0');
    expect(arp.find((n) => n.dst === '10.0.0.9')).to.deep.include({
      lladdr: '02:00:00:00:00:09',
      state: ['PERMANENT'],
    });
    expect(arp.find((n) => n.dst === 'fd00::9')).to.deep.include({
      lladdr: '02:00:00:00:00:0a',
      state: ['PERMANENT'],
    });
    expect(ipJson<Json[]>(ns, 'neigh', 'show', 'proxy')).to.deep.equal([
      { dst: '10.0.0.50', dev: 'veth0', proxy: null },
    ]);
  });

  it('FDB entries on the vxlan device: remote VTEP, the default all-zeros entry, port and VNI', async () => {
    const fdb = (lladdr: string, dst: string, more: Partial<NeighbourMessage> = {}): NeighbourMessage => ({
      family: 'bridge',
      index: vx0,
      state: NUD_PERMANENT,
      flags: NTF_SELF,
      lladdr,
      dst: ip(dst),
      ...more,
    });
    await send(RTM_NEWNEIGH, encodeNeighbour(fdb('02:00:00:00:00:07', '10.0.0.3')));
    await send(
      RTM_NEWNEIGH,
      encodeNeighbour(fdb('00:00:00:00:00:00', '10.0.0.2')),
      NLM_F_CREATE | NLM_F_APPEND,
    );
    await send(RTM_NEWNEIGH, encodeNeighbour(fdb('02:00:00:00:00:08', '10.0.0.4', { port: 4790, vni: 43 })));
    const out = execFileSync('bridge', ['-n', ns, '-j', 'fdb', 'show', 'dev', 'vx0'], { encoding: 'utf8' });
    const entries = (JSON.parse(out) as Json[]).filter((e) => e.dst !== undefined);
    const byMac = (mac: string) => entries.find((e) => e.mac === mac);
    expect(byMac('02:00:00:00:00:07')).to.deep.equal({
      mac: '02:00:00:00:00:07',
      dst: '10.0.0.3',
      flags: ['self'],
      state: 'permanent',
    });
    expect(byMac('00:00:00:00:00:00')).to.deep.include({
      dst: '10.0.0.2',
      flags: ['self'],
      state: 'permanent',
    });
    // The kernel reports port and VNI only where they differ from the device's own (4789, 42).
    expect(byMac('02:00:00:00:00:08')).to.deep.include({
      dst: '10.0.0.4',
      port: 4790,
      vni: 43,
      state: 'permanent',
    });
  });
});
