// Decoding what the real kernel sent (captured.fixture.ts says how each was made).
import { expect } from 'chai';
import { CAPTURED } from './captured.fixture.js';
import { decodeAddress } from './address.js';
import { decodeFamily } from './genl.js';
import { decodeLink } from './link.js';
import { decodeErrorMessage, decodeMessages } from './message.js';
import { decodeNeighbour } from './neighbour.js';
import { decodeRoute, encodeRoute } from './route.js';
import { NLMSG_ERROR, AF_INET } from './nl-constants.js';
import { IFF_UP, NTF_SELF, NUD_PERMANENT, RTPROT_STATIC } from './rt-constants.js';

const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

describe('rtnetlink codec on captured kernel messages', () => {
  it('decodes a veth link: name, MAC, MTU, up, kind', () => {
    const link = decodeLink(bytes(CAPTURED.linkVeth0));
    expect(link).to.include({ name: 'veth0', address: '02:00:00:00:00:01', mtu: 1400 });
    expect((link.flags ?? 0) & IFF_UP).to.equal(IFF_UP);
    expect(link.info).to.deep.equal({ kind: 'veth' });
  });

  it('decodes a vxlan link: VNI, port 4789 (network order), local, underlay, learning off', () => {
    const link = decodeLink(bytes(CAPTURED.linkVxlan100));
    expect(link.name).to.equal('vx100');
    const info = link.info;
    if (info?.kind !== 'vxlan') throw new Error(`expected vxlan, got ${JSON.stringify(info)}`);
    expect(info.vni).to.equal(100);
    expect(info.port).to.equal(4789);
    expect(info.local?.toString()).to.equal('10.0.0.1');
    expect(info.learning).to.equal(false);
    expect(info.dev).to.equal(3); // veth0's ifindex in that namespace
  });

  it('decodes IPv4 and IPv6 addresses with their flags', () => {
    const v4 = decodeAddress(bytes(CAPTURED.addressV4));
    expect(v4.address.toString()).to.equal('10.0.0.1');
    expect(v4.prefixLength).to.equal(24);
    expect(v4.broadcast).to.equal(undefined);
    const v6 = decodeAddress(bytes(CAPTURED.addressV6));
    expect(v6.address.toString()).to.equal('fd00::1');
    expect(v6.prefixLength).to.equal(64);
    expect(v6.flags).to.equal(0x80 | 0x02); // IFA_F_PERMANENT | IFA_F_NODAD
  });

  it('decodes routes: blackhole, ECMP with weights, metrics MTU, IPv6 with its default metric', () => {
    const blackhole = decodeRoute(bytes(CAPTURED.routeBlackhole));
    expect(blackhole).to.deep.include({ table: 100, protocol: 0x54, type: 'blackhole' });
    expect(blackhole.dst.toString()).to.equal('10.9.0.0/24');
    const ecmp = decodeRoute(bytes(CAPTURED.routeMultipath));
    expect(ecmp.multipath?.map((h) => [h.gateway?.toString(), h.weight])).to.deep.equal([
      ['10.0.0.2', 1],
      ['10.0.0.3', 2],
    ]);
    const mtu = decodeRoute(bytes(CAPTURED.routeStaticMtu));
    expect(mtu).to.deep.include({ table: 254, protocol: RTPROT_STATIC, metrics: { mtu: 1300 } });
    expect(mtu.gateway?.toString()).to.equal('10.0.0.2');
    const v6 = decodeRoute(bytes(CAPTURED.routeV6));
    expect(v6.dst.toString()).to.equal('fd01::/64');
    expect(v6).to.deep.include({ table: 100, priority: 1024 });
    expect(v6.gateway?.toString()).to.equal('fd00::2');
  });

  it('encodes a blackhole route to the very bytes the kernel dumps for it', () => {
    const decoded = decodeRoute(bytes(CAPTURED.routeBlackhole));
    expect(encodeRoute(decoded).toString('hex')).to.equal(CAPTURED.routeBlackhole);
  });

  it('decodes an ARP entry and a VXLAN FDB entry', () => {
    const arp = decodeNeighbour(bytes(CAPTURED.neighbourArp));
    expect(arp).to.deep.include({ family: 'inet', state: NUD_PERMANENT, lladdr: '02:00:00:00:00:02' });
    expect(arp.dst?.toString()).to.equal('10.0.0.2');
    const fdb = decodeNeighbour(bytes(CAPTURED.fdbVxlan));
    expect(fdb).to.deep.include({ family: 'bridge', lladdr: '02:00:00:00:64:02' });
    expect((fdb.flags ?? 0) & NTF_SELF).to.equal(NTF_SELF);
    expect(fdb.dst?.toString()).to.equal('10.0.0.9');
  });

  it('decodes the nlctrl family: id 0x10, its ops and the notify group', () => {
    const family = decodeFamily(bytes(CAPTURED.familyNlctrl));
    expect(family).to.deep.include({ id: 0x10, name: 'nlctrl' });
    expect(family.ops).to.include(3); // CTRL_CMD_GETFAMILY
    expect([...family.groups.keys()]).to.deep.equal(['notify']);
  });

  it('decodes an NLMSG_ERROR with errno, the request it answers and the extended ACK text', () => {
    const [message] = decodeMessages(bytes(CAPTURED.errorDatagram));
    expect(message?.type).to.equal(NLMSG_ERROR);
    const err = decodeErrorMessage(message!);
    expect(err.errno).to.equal(101); // ENETUNREACH
    expect(err.request.type).to.equal(24); // RTM_NEWROUTE
    expect(err.extAck.message).to.equal('Nexthop has invalid gateway');
    expect(AF_INET).to.equal(2);
  });
});
