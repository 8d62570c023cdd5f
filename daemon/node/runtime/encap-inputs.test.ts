import { expect } from 'chai';

import { vtepMacFor } from '../../../routing/encap/index.js';
import type { RemoteRoutes } from '../calc/index.js';
import { encapInputs, linkLocalFromMac } from './encap-inputs.js';

const KEY = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY=';

describe('encapInputs (RemoteRoutes → what the VXLAN and WireGuard managers are told)', () => {
  const remote: RemoteRoutes = {
    routes: [
      { cidr: '10.244.2.0/26', node: 'n2', nextHop: '10.1.0.12', encapsulation: 'vxlan', pool: 'v4' },
      { cidr: '10.244.3.0/26', node: 'n3', nextHop: '10.2.0.13', encapsulation: 'native', pool: 'v4' },
      { cidr: 'fd00:244::40/122', node: 'n2', nextHop: 'fd00:1::12', encapsulation: 'vxlan', pool: 'v6' },
      { cidr: '10.245.4.0/26', node: 'n4', nextHop: '10.2.0.14', encapsulation: 'wireguard', pool: 'wg' },
    ],
    vteps: [{ node: 'n2', tunnelAddress: '10.244.2.0', mac: vtepMacFor('n2'), underlayAddress: '10.1.0.12' }],
    wireguardPeers: [{ node: 'n4', publicKey: KEY, endpoint: '10.2.0.14', allowedIps: ['10.245.4.0/26'] }],
    unroutable: [],
  };

  it('gives per family the VXLAN-routed blocks with the underlay of that family and the VTEP MAC', () => {
    const inputs = encapInputs(remote);
    expect(inputs.wantVxlan).to.equal(true);
    expect(
      inputs.vxlan.map((n) => [n.name, n.address.toString(), n.blocks.map(String), n.vtepMac]),
    ).to.deep.equal([['n2', '10.1.0.12', ['10.244.2.0/26'], vtepMacFor('n2')]]);
    expect(inputs.vxlan[0]?.tunnelGateway).to.equal(undefined);
    const [v6] = inputs.vxlan6;
    expect([v6?.address.toString(), v6?.blocks.map(String)]).to.deep.equal([
      'fd00:1::12',
      ['fd00:244::40/122'],
    ]);
    // IPv6: through the remote VTEP's link-local address (the underlay is in our connected subnet).
    expect(v6?.tunnelGateway?.toString()).to.equal(linkLocalFromMac(vtepMacFor('n2')));
  });

  it('gives WireGuard peers with key, endpoint and allowed IPs; native blocks go to no manager', () => {
    const inputs = encapInputs(remote);
    expect(inputs.wantWireguard).to.equal(true);
    expect(
      inputs.wireguard.map((n) => [n.name, n.address.toString(), n.blocks.map(String), n.wireguardPublicKey]),
    ).to.deep.equal([['n4', '10.2.0.14', ['10.245.4.0/26'], KEY]]);
    const all = [...inputs.vxlan, ...inputs.vxlan6, ...inputs.wireguard].flatMap((n) => n.blocks.map(String));
    expect(all).to.not.include('10.244.3.0/26');
  });

  it('a remote without a published VTEP gets no MAC (the manager then leaves it unrouted)', () => {
    const inputs = encapInputs({ ...remote, vteps: [] });
    expect(inputs.vxlan[0]?.vtepMac).to.equal(undefined);
    expect(inputs.vxlan6[0]?.tunnelGateway).to.equal(undefined);
  });

  it('wants WireGuard when a pool asks for it but our own key is missing (fallback), else not', () => {
    const fallback: RemoteRoutes = {
      ...remote,
      routes: [
        {
          cidr: '10.245.4.0/26',
          node: 'n4',
          nextHop: '10.2.0.14',
          encapsulation: 'native',
          fallback: 'no-local-wireguard-key',
        },
      ],
      wireguardPeers: [],
    };
    expect(encapInputs(fallback)).to.include({ wantWireguard: true, wantVxlan: false });
    expect(encapInputs(undefined)).to.include({ wantWireguard: false, wantVxlan: false });
  });

  it('linkLocalFromMac is the EUI-64 address (universal/local bit flipped, ff:fe inserted)', () => {
    expect(linkLocalFromMac('02:e0:1e:55:4e:52')).to.equal('fe80::e0:1eff:fe55:4e52');
    expect(linkLocalFromMac('00:11:22:33:44:55')).to.equal('fe80::211:22ff:fe33:4455');
  });

  it('gives IP-in-IP blocks per remote node (IPv4 underlay), and the pools asking for it', () => {
    const inputs = encapInputs({
      ...remote,
      routes: [
        ...remote.routes,
        { cidr: '10.246.2.0/26', node: 'n2', nextHop: '10.1.0.12', encapsulation: 'ipip', pool: 'tun-b' },
        { cidr: '10.246.5.0/26', node: 'n2', nextHop: '10.1.0.12', encapsulation: 'ipip', pool: 'tun-a' },
        { cidr: '10.246.3.0/26', node: 'n3', nextHop: '10.2.0.13', encapsulation: 'ipip', pool: 'tun-a' },
      ],
    });
    expect(inputs.ipip.map((n) => [n.name, n.address.toString(), n.blocks.map(String)])).to.deep.equal([
      ['n2', '10.1.0.12', ['10.246.2.0/26', '10.246.5.0/26']],
      ['n3', '10.2.0.13', ['10.246.3.0/26']],
    ]);
    expect(inputs.ipipPools).to.deep.equal(['tun-a', 'tun-b']);
    expect(encapInputs(remote).ipip).to.deep.equal([]);
    expect(encapInputs(remote).ipipPools).to.deep.equal([]);
  });
});
