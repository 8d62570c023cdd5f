import { expect } from 'chai';
import { IPv4Address } from '../../common/index.js';
import type { Capability } from './capabilities/types.js';
import type { OpenMessage } from './model.js';
import { negotiate } from './negotiate.js';

function open(...capabilities: Capability[]): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: 23456,
    holdTimeSec: 9,
    bgpIdentifier: IPv4Address.parse('10.0.0.1'),
    capabilities,
  };
}
const v4: Capability = { name: 'multiprotocol', afi: 1, safi: 1 };
const v6: Capability = { name: 'multiprotocol', afi: 2, safi: 1 };
const as4: Capability = { name: 'four-octet-as', asn: 4200000001 };

describe('negotiate: codec contexts from two OPEN messages (RFC 5492 §3)', () => {
  it('4-octet AS and Extended Message only when both advertise them (RFC 6793, RFC 8654)', () => {
    const n = negotiate(open(v4, as4, { name: 'extended-message' }), open(v4, as4), { peerType: 'external' });
    expect(n.receive.fourOctetAs).to.equal(true);
    expect(n.receive.extendedMessage).to.equal(false);
  });
  it('RFC 4760 §8: families both advertise; no Multiprotocol capability means IPv4 unicast', () => {
    expect(negotiate(open(v4, v6), open(v6), { peerType: 'external' }).families).to.deep.equal([
      'ipv6-unicast',
    ]);
    expect(negotiate(open(v4, v6), open(), { peerType: 'external' }).families).to.deep.equal([
      'ipv4-unicast',
    ]);
  });
  it('RFC 7911 §4: ADD-PATH per direction', () => {
    const local = open({
      name: 'add-path',
      families: [
        { afi: 1, safi: 1, direction: 'receive' },
        { afi: 2, safi: 1, direction: 'both' },
      ],
    });
    const remote = open({
      name: 'add-path',
      families: [
        { afi: 1, safi: 1, direction: 'send' },
        { afi: 2, safi: 1, direction: 'receive' },
      ],
    });
    const n = negotiate(local, remote, { peerType: 'internal' });
    expect(n.receive.addPath).to.deep.equal(['ipv4-unicast']);
    expect(n.send.addPath).to.deep.equal(['ipv6-unicast']);
    expect(n.send.peerType).to.equal('internal');
  });
  it('RFC 8950: extended next hop for IPv4 unicast with IPv6 next hops', () => {
    const enhe: Capability = { name: 'extended-next-hop', entries: [{ afi: 1, safi: 1, nextHopAfi: 2 }] };
    expect(negotiate(open(enhe), open(enhe), { peerType: 'external' }).receive.extendedNextHop).to.deep.equal(
      ['ipv4-unicast'],
    );
    expect(negotiate(open(enhe), open(), { peerType: 'external' }).receive.extendedNextHop).to.deep.equal([]);
  });
});
