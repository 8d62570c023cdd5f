// Property tests: decode(encode(x)) == x for every message shape the codec supports, including kinds
// this kernel lacks (ipip, wireguard, dummy) and the WireGuard genetlink family.
import { expect } from 'chai';
import fc from 'fast-check';
import { IPv4Address, IPv6Address, Prefix, type IpAddress } from '../../../common/index.js';
import { decodeAddress, encodeAddress, type AddressMessage } from './address.js';
import { decodeLink, encodeLink, type LinkInfo, type LinkMessage } from './link.js';
import { decodeNeighbour, encodeNeighbour, type NeighbourMessage } from './neighbour.js';
import { decodeRoute, encodeRoute, ROUTE_TYPES, type RouteMessage } from './route.js';
import { decodeWgDevice, encodeWgDevice, WG_CMD_SET_DEVICE, type WgDevice } from './wireguard.js';

const plain = (x: unknown): unknown =>
  JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
const roundTrips =
  <T>(encode: (x: T) => Buffer, decode: (b: Buffer) => T) =>
  (x: T) => {
    expect(plain(decode(encode(x)))).to.deep.equal(plain(x));
  };

const v4 = fc.integer({ min: 0, max: 0xffff_ffff }).map((n) => IPv4Address.fromNumber(n));
const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((n) => IPv6Address.fromBigInt(n));
const address = (family: 4 | 6): fc.Arbitrary<IpAddress> => (family === 4 ? v4 : v6);
const prefix = (family: 4 | 6) =>
  fc
    .tuple(address(family), fc.integer({ min: 0, max: family === 4 ? 32 : 128 }))
    .map(([a, l]) => Prefix.containing(a, l));
const mac = fc
  .uint8Array({ minLength: 6, maxLength: 6 })
  .map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const positive = fc.integer({ min: 1, max: 0xffff_ffff });
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);

const route = fc.constantFrom<4 | 6>(4, 6).chain((family) =>
  fc.record(
    {
      dst: prefix(family),
      table: u32,
      protocol: fc.integer({ min: 0, max: 255 }),
      scope: fc.integer({ min: 0, max: 255 }),
      type: fc.constantFrom(...ROUTE_TYPES),
      tos: fc.integer({ min: 1, max: 255 }),
      flags: fc
        .integer({ min: 1, max: 0xffff })
        .map((f) => f & ~4)
        .filter((f) => f !== 0),
      priority: u32,
      gateway: address(family),
      oif: positive,
      onlink: fc.constant(true),
      prefsrc: address(family),
      multipath: fc.array(
        fc.record(
          {
            gateway: address(family),
            oif: fc.integer({ min: 1, max: 0x7fff_ffff }),
            weight: fc.integer({ min: 1, max: 256 }),
            onlink: fc.constant(true),
          },
          { requiredKeys: ['weight'] },
        ),
        { minLength: 1, maxLength: 4 },
      ),
      metrics: fc
        .record(
          { mtu: u32, advmss: u32, hoplimit: u32, lock: u32, window: u32, initcwnd: u32 },
          { requiredKeys: [] },
        )
        .filter((m) => Object.keys(m).length > 0),
    },
    { requiredKeys: ['dst', 'table', 'protocol', 'scope', 'type'] },
  ),
) as fc.Arbitrary<RouteMessage>;

const linkInfo: fc.Arbitrary<LinkInfo> = fc.oneof(
  fc.record({
    kind: fc.constant('veth' as const),
    peer: fc.record({ name, mtu: positive, address: mac }, { requiredKeys: ['name'] }),
  }),
  fc.record(
    {
      kind: fc.constant('vxlan' as const),
      vni: fc.integer({ min: 0, max: 0xffffff }),
      port: fc.integer({ min: 1, max: 0xffff }),
      local: fc.oneof(v4, v6),
      group: fc.oneof(v4, v6),
      dev: positive,
      learning: fc.boolean(),
      ttl: fc.integer({ min: 0, max: 255 }),
    },
    { requiredKeys: ['kind', 'vni'] },
  ),
  fc.record(
    {
      kind: fc.constant('ipip' as const),
      local: v4,
      remote: v4,
      dev: positive,
      ttl: fc.integer({ min: 0, max: 255 }),
      pmtudisc: fc.boolean(),
    },
    { requiredKeys: ['kind'] },
  ) as fc.Arbitrary<LinkInfo>,
  fc.constantFrom<LinkInfo>(
    { kind: 'bridge' },
    { kind: 'wireguard' },
    { kind: 'dummy' },
    { kind: 'other', name: 'macvlan' },
  ),
);

const link = fc.record(
  {
    index: fc.integer({ min: 0, max: 0x7fff_ffff }),
    flags: u32,
    change: positive,
    name,
    mtu: u32,
    address: mac,
    master: u32,
    link: u32,
    operstate: fc.integer({ min: 0, max: 6 }),
    netnsFd: u32,
    info: linkInfo,
  },
  { requiredKeys: ['index', 'flags'] },
) as fc.Arbitrary<LinkMessage>;

const addr = fc.constantFrom<4 | 6>(4, 6).chain((family) =>
  fc.record(
    {
      index: positive,
      address: address(family),
      prefixLength: fc.integer({ min: 0, max: family === 4 ? 32 : 128 }),
      broadcast: address(family),
      label: name,
      scope: fc.integer({ min: 1, max: 255 }),
      flags: fc.integer({ min: 1, max: 0xffff }),
    },
    { requiredKeys: ['index', 'address', 'prefixLength'] },
  ),
) as fc.Arbitrary<AddressMessage>;

const neighbour = fc.constantFrom<'inet' | 'inet6' | 'bridge'>('inet', 'inet6', 'bridge').chain((family) =>
  fc.record(
    {
      family: fc.constant(family),
      index: fc.integer({ min: 0, max: 0x7fff_ffff }),
      state: fc.integer({ min: 0, max: 0xffff }),
      flags: fc.integer({ min: 1, max: 255 }),
      type: fc.integer({ min: 1, max: 255 }),
      dst: family === 'inet6' ? v6 : v4,
      lladdr: mac,
      vlan: fc.integer({ min: 0, max: 4095 }),
      port: fc.integer({ min: 0, max: 0xffff }),
      vni: fc.integer({ min: 0, max: 0xffffff }),
      ifindex: positive,
      master: positive,
    },
    { requiredKeys: ['family', 'index', 'state'] },
  ),
) as fc.Arbitrary<NeighbourMessage>;

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b));
const wgDevice = fc.record(
  {
    ifindex: positive,
    ifname: name,
    privateKey: key32,
    publicKey: key32,
    flags: fc.integer({ min: 0, max: 1 }),
    listenPort: fc.integer({ min: 0, max: 0xffff }),
    fwmark: u32,
    peers: fc.array(
      fc.record(
        {
          publicKey: key32,
          presharedKey: key32,
          flags: fc.integer({ min: 0, max: 7 }),
          endpoint: fc.record({ address: fc.oneof(v4, v6), port: fc.integer({ min: 0, max: 0xffff }) }),
          persistentKeepaliveSec: fc.integer({ min: 0, max: 0xffff }),
          lastHandshake: fc.record({
            sec: fc.bigInt({ min: 0n, max: 1n << 40n }),
            nsec: fc.bigInt({ min: 0n, max: 999_999_999n }),
          }),
          rxBytes: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          txBytes: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          allowedIps: fc.array(fc.oneof(prefix(4), prefix(6)), { maxLength: 5 }),
          protocolVersion: fc.constant(1),
        },
        { requiredKeys: ['publicKey'] },
      ),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<WgDevice>;

describe('rtnetlink codec round trips (fast-check)', () => {
  it('routes: IPv4/IPv6, any table, types, ECMP, metrics', () => {
    fc.assert(fc.property(route, roundTrips(encodeRoute, decodeRoute)), { numRuns: 300 });
  });
  it('links: veth with peer, vxlan, ipip, bridge, wireguard, dummy', () => {
    fc.assert(fc.property(link, roundTrips(encodeLink, decodeLink)), { numRuns: 300 });
  });
  it('addresses', () => {
    fc.assert(fc.property(addr, roundTrips(encodeAddress, decodeAddress)), { numRuns: 200 });
  });
  it('neighbours and FDB entries', () => {
    fc.assert(fc.property(neighbour, roundTrips(encodeNeighbour, decodeNeighbour)), { numRuns: 200 });
  });
  it('WireGuard WG_CMD_SET_DEVICE with peers, endpoints and allowed IPs', () => {
    fc.assert(
      fc.property(wgDevice, (device) => {
        const decoded = decodeWgDevice(encodeWgDevice(WG_CMD_SET_DEVICE, device));
        expect(decoded.cmd).to.equal(WG_CMD_SET_DEVICE);
        expect(plain(decoded.device)).to.deep.equal(plain(device));
      }),
      { numRuns: 150 },
    );
  });
});
