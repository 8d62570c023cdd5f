import { expect } from 'chai';
import { renderPicture, type Snapshot } from './picture.js';

const link = (a: string, ai: string, b: string, bi: string) => ({
  a: { node: a, iface: ai },
  b: { node: b, iface: bi },
});

const snap: Snapshot = {
  lab: 'demo',
  nodes: [
    { name: 'h1', kind: 'linux' },
    { name: 'leaf1', kind: 'frr' },
    { name: 'spine1', kind: 'bird' },
    { name: 'leaf2', kind: 'frr' },
  ],
  links: [
    link('spine1', 'eth1', 'leaf1', 'eth1'),
    link('spine1', 'eth2', 'leaf2', 'eth1'),
    link('leaf1', 'eth2', 'h1', 'eth1'),
    link('spine1', 'eth3', 'leaf2', 'eth2'),
  ],
  addresses: {
    spine1: { lo: ['10.255.0.1/32'], eth1: ['10.0.1.0/31'], eth2: ['10.0.2.0/31'] },
    leaf1: { lo: [], eth1: ['10.0.1.1/31'], eth2: ['10.1.1.1/24'] },
    leaf2: { eth1: ['10.0.2.1/31'] },
    h1: { eth1: ['10.1.1.10/24'] },
  },
  sessions: {
    spine1: [
      { name: 'leaf1', peer: '10.0.1.1', peerAs: 65001, state: 'Established', prefixesReceived: 2 },
      { name: 'leaf2', peer: '10.0.2.1', peerAs: 65002, state: 'Active' },
    ],
    leaf1: [],
    leaf2: [],
    h1: [],
  },
};

describe('lab picture', () => {
  const text = renderPicture(snap);
  const lines = text.split('\n');

  it('draws a tree from the best-connected node with both ends of every link', () => {
    expect(lines.slice(0, 7)).to.deep.equal([
      'lab demo: 4 nodes, 4 links',
      '',
      'spine1 (bird, lo 10.255.0.1/32)',
      '├─ eth1 10.0.1.0/31 ──── eth1 10.0.1.1/31  leaf1 (frr)',
      '│  └─ eth2 10.1.1.1/24 ──── eth1 10.1.1.10/24  h1 (linux)',
      '└─ eth2 10.0.2.0/31 ──── eth1 10.0.2.1/31  leaf2 (frr)',
      '',
    ]);
  });

  it('lists the links that close a loop (here a parallel link) after the tree, once', () => {
    expect(lines.slice(7, 9)).to.deep.equal(['also linked:', '  spine1:eth3 ──── leaf2:eth2']);
  });

  it('shows every session with its peer node and counts those Established', () => {
    expect(text).to.contain('BGP sessions (1/2 Established)');
    const rows = lines.slice(lines.indexOf('BGP sessions (1/2 Established)') + 2);
    expect(rows).to.have.length(2);
    expect(rows[0]).to.match(/^ {2}spine1\s+10\.0\.1\.1\s+leaf1\s+AS65001\s+Established\s+2$/);
    expect(rows[1]).to.match(/^ {2}spine1\s+10\.0\.2\.1\s+leaf2\s+AS65002\s+Active$/);
  });

  it('draws nodes without links as their own roots', () => {
    const lone = renderPicture({ ...snap, nodes: [...snap.nodes, { name: 'x', kind: 'linux' }] });
    expect(lone.split('\n')).to.include('x (linux)');
  });
});

describe('lab picture with a management network', () => {
  it("shows a node's eth0 address as its management address, also for nodes on no fabric link", () => {
    const text = renderPicture({
      lab: 'm',
      nodes: [
        { name: 'leaf1', kind: 'frr' },
        { name: 'n1', kind: 'twill' },
        { name: 'etcd', kind: 'etcd' },
      ],
      links: [link('leaf1', 'eth2', 'n1', 'eth1')],
      addresses: {
        leaf1: { eth0: ['172.20.21.12/24'], eth2: [] },
        n1: { eth0: ['172.20.21.21/24'], eth1: ['10.1.0.11/24'] },
        etcd: { eth0: ['172.20.21.2/24'] },
      },
      sessions: {},
    });
    expect(text).to.include('leaf1 (frr, mgmt 172.20.21.12/24)');
    expect(text).to.include('n1 (twill, mgmt 172.20.21.21/24)');
    expect(text).to.include('etcd (etcd, mgmt 172.20.21.2/24)');
  });
});
