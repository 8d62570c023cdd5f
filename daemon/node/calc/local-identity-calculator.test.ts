import { expect } from 'chai';

import { DEFAULT_AS_NUMBER } from './as-resolver.js';
import { calculateIdentity, hashRouterId } from './local-identity-calculator.js';
import { indexOf } from './testing/index-of.js';
import { bgpConfiguration, node } from './testing/resources.js';

const DETECTED = { ipv4: { cidr: '10.0.0.7/24', method: 'interface=eth0' } };

describe('local-identity-calculator', () => {
  it('takes the autodetected address and records the method when the Node resource names none', () => {
    const identity = calculateIdentity(indexOf(node('n1')), 'n1', DETECTED);
    expect(identity.ipv4).to.deep.equal({
      cidr: '10.0.0.7/24',
      address: '10.0.0.7',
      source: 'autodetected',
      method: 'interface=eth0',
    });
    expect(identity.routerId).to.equal('10.0.0.7');
    expect(identity.routerIdSource).to.equal('ipv4-address');
  });

  it('lets the Node resource address override autodetection, per family', () => {
    const index = indexOf(node('n1', { bgp: { ipv4Address: '192.168.5.9/16' } }));
    const identity = calculateIdentity(index, 'n1', {
      ...DETECTED,
      ipv6: { cidr: 'fd00::7/64', method: 'can-reach=fd00::1' },
    });
    expect(identity.ipv4).to.deep.equal({
      cidr: '192.168.5.9/16',
      address: '192.168.5.9',
      source: 'node-resource',
    });
    expect(identity.ipv6?.source).to.equal('autodetected');
    expect(identity.routerId).to.equal('192.168.5.9');
  });

  it('resolves the AS: Node > BGPConfiguration node.<name> > default > 64512', () => {
    const own = node('n1', { bgp: { asNumber: 65001 } });
    const perNode = bgpConfiguration('node.n1', { asNumber: 65002 });
    const cluster = bgpConfiguration('default', { asNumber: 65003 });
    const as = (...resources: Parameters<typeof indexOf>) => {
      const identity = calculateIdentity(indexOf(...resources), 'n1', DETECTED);
      return [identity.asNumber, identity.asSource];
    };
    expect(as(own, perNode, cluster)).to.deep.equal([65001, 'node']);
    expect(as(node('n1'), perNode, cluster)).to.deep.equal([65002, 'bgp-configuration-node']);
    expect(as(node('n1'), bgpConfiguration('node.n2', { asNumber: 65009 }), cluster)).to.deep.equal([
      65003,
      'bgp-configuration',
    ]);
    expect(as(node('n1'))).to.deep.equal([DEFAULT_AS_NUMBER, 'default']);
  });

  it('derives a stable, non-zero router ID from the name on an IPv6-only node', () => {
    const identity = calculateIdentity(
      indexOf(node('v6only', { bgp: { ipv6Address: 'fd00::9/64' } })),
      'v6only',
      {},
    );
    expect(identity.ipv4).to.equal(undefined);
    expect(identity.routerIdSource).to.equal('node-name-hash');
    expect(identity.routerId).to.equal(hashRouterId('v6only'));
    expect(identity.routerId).to.match(/^\d+\.\d+\.\d+\.\d+$/);
    expect(hashRouterId('v6only')).not.to.equal(hashRouterId('v6only2'));
  });

  it('carries the route reflector cluster ID, and works before the Node resource exists', () => {
    const rr = calculateIdentity(
      indexOf(node('rr1', { bgp: { routeReflectorClusterID: '1.1.1.1' } })),
      'rr1',
      DETECTED,
    );
    expect(rr.routeReflectorClusterId).to.equal('1.1.1.1');
    const bare = calculateIdentity(indexOf(), 'n1', DETECTED);
    expect(bare.ipv4?.address).to.equal('10.0.0.7');
    expect(bare.routeReflectorClusterId).to.equal(undefined);
  });
});
