import { expect } from 'chai';

import { selectAddress, type KernelInterface } from './autodetect-select.js';

const interfaces: KernelInterface[] = [
  { name: 'lo', up: true, addresses: [{ cidr: '127.0.0.1/8' }, { cidr: '::1/128' }] },
  { name: 'docker0', up: true, addresses: [{ cidr: '172.17.0.1/16' }] },
  { name: 'eth0', up: false, addresses: [{ cidr: '192.168.9.5/24' }] },
  {
    name: 'eth1',
    up: true,
    addresses: [{ cidr: 'fe80::1/64' }, { cidr: '10.0.1.5/24' }, { cidr: 'fd00::5/64' }],
  },
  { name: 'bond0', up: true, addresses: [{ cidr: '10.0.2.5/24' }] },
  { name: 'twill.vxlan', up: true, addresses: [{ cidr: '10.244.0.1/32' }] },
];

describe('selectAddress (autodetection methods over the kernel’s interfaces)', () => {
  it('first-found skips loopback, bridges, down links and tunnels, and link-local addresses', () => {
    expect(selectAddress({ kind: 'first-found' }, 4, interfaces)).to.deep.equal({
      kind: 'found',
      cidr: '10.0.1.5/24',
      method: 'first-found',
      interface: 'eth1',
    });
    expect(selectAddress({ kind: 'first-found' }, 6, interfaces)).to.include({ cidr: 'fd00::5/64' });
  });

  it('interface=REGEX and skip-interface=REGEX', () => {
    expect(selectAddress({ kind: 'interface', pattern: '^bond' }, 4, interfaces)).to.include({
      cidr: '10.0.2.5/24',
      method: 'interface=^bond',
    });
    expect(selectAddress({ kind: 'skip-interface', pattern: 'eth.*' }, 4, interfaces)).to.include({
      cidr: '10.0.2.5/24',
    });
    // A down interface is never chosen, even by name.
    expect(selectAddress({ kind: 'interface', pattern: '^eth0$' }, 4, interfaces).kind).to.equal('none');
  });

  it('cidr=CIDR picks the first address inside one of them', () => {
    expect(selectAddress({ kind: 'cidr', cidrs: ['10.0.2.0/24', '10.9.0.0/16'] }, 4, interfaces)).to.include({
      cidr: '10.0.2.5/24',
    });
    const none = selectAddress({ kind: 'cidr', cidrs: ['10.9.0.0/16'] }, 4, interfaces);
    expect(none).to.deep.include({ kind: 'none', reason: 'no address inside 10.9.0.0/16' });
  });

  it('can-reach=IP takes the kernel’s source address with its interface prefix length', () => {
    const method = { kind: 'can-reach', destination: '10.0.2.1' } as const;
    expect(selectAddress(method, 4, interfaces, '10.0.2.5')).to.include({
      cidr: '10.0.2.5/24',
      method: 'can-reach=10.0.2.1',
    });
    expect(selectAddress(method, 4, interfaces, undefined)).to.deep.include({
      kind: 'none',
      reason: 'no route to 10.0.2.1',
    });
  });

  it('a fixed address takes its interface prefix length when it has none; none finds nothing', () => {
    expect(selectAddress({ kind: 'fixed', address: '10.0.1.5' }, 4, interfaces)).to.include({
      cidr: '10.0.1.5/24',
    });
    expect(selectAddress({ kind: 'fixed', address: '10.7.7.7' }, 4, interfaces)).to.include({
      cidr: '10.7.7.7/32',
    });
    expect(selectAddress({ kind: 'none' }, 6, interfaces).kind).to.equal('none');
  });
});
