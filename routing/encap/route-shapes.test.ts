import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { normalizeRoute, RTPROT_TWILL } from '../routetable/index.js';
import { RT_SCOPE_LINK, RT_SCOPE_UNIVERSE } from '../netlink/index.js';
import type { RemoteNode } from './node.js';
import { encapsulates, routesFor } from './route-shapes.js';

const remote: RemoteNode = {
  name: 'n3',
  address: parseIpAddress('192.168.2.3'),
  blocks: [parsePrefix('10.244.3.0/24'), parsePrefix('fd00:244:3::/64')],
};
const text = (r: {
  dst: { toString(): string };
  gateway?: { toString(): string };
  oif?: number;
  onlink?: boolean;
}) =>
  `${r.dst.toString()}${r.gateway ? ` via ${r.gateway.toString()}` : ''}${r.oif ? ` dev ${r.oif}` : ''}${r.onlink ? ' onlink' : ''}`;

describe('route shapes per encapsulation', () => {
  it('VXLAN and IP-in-IP: via the node address on the tunnel device, onlink; other-family blocks skipped', () => {
    const planned = routesFor(remote, { kind: 'tunnel-onlink', oif: 7 });
    expect(planned.routes.map(text)).to.deep.equal(['10.244.3.0/24 via 192.168.2.3 dev 7 onlink']);
    expect(planned.skipped.map(String)).to.deep.equal(['fd00:244:3::/64']);
    // As the reconciler sends it: a gateway route has universe scope and keeps the onlink flag.
    const message = normalizeRoute(planned.routes[0] as never, 254, RTPROT_TWILL);
    expect(message).to.deep.include({
      scope: RT_SCOPE_UNIVERSE,
      onlink: true,
      oif: 7,
      protocol: RTPROT_TWILL,
    });
  });

  it('WireGuard: every block through the device, link scope, no gateway', () => {
    const planned = routesFor(remote, { kind: 'tunnel-device', oif: 9 });
    expect(planned.routes.map(text)).to.deep.equal(['10.244.3.0/24 dev 9', 'fd00:244:3::/64 dev 9']);
    expect(normalizeRoute(planned.routes[0] as never, 254, RTPROT_TWILL).scope).to.equal(RT_SCOPE_LINK);
  });

  it('native: via the given next hop', () => {
    const planned = routesFor(remote, { kind: 'native', gateway: parseIpAddress('192.168.1.254') });
    expect(planned.routes.map(text)).to.deep.equal(['10.244.3.0/24 via 192.168.1.254']);
  });

  it('CrossSubnet encapsulates only nodes outside the local subnet; always encapsulates all', () => {
    const subnet = parsePrefix('192.168.1.0/24');
    const near: RemoteNode = { ...remote, address: parseIpAddress('192.168.1.2') };
    expect(encapsulates(near, 'cross-subnet', subnet)).to.equal(false);
    expect(encapsulates(remote, 'cross-subnet', subnet)).to.equal(true);
    expect(encapsulates(near, 'always', subnet)).to.equal(true);
    expect(encapsulates({ ...remote, address: parseIpAddress('fd00::2') }, 'cross-subnet', subnet)).to.equal(
      true,
    );
  });
});
