import { expect } from 'chai';
import { isTwillError } from '../../common/errors.js';
import { repoPath } from '../testing/repo.js';
import { loadTopology, parseTopology } from './parse.js';

function problems(yaml: string): string[] {
  try {
    parseTopology(yaml, '/labs/demo');
  } catch (err) {
    if (isTwillError(err, 'LAB_TOPOLOGY_INVALID')) return (err.details?.['problems'] as string[]) ?? [];
    throw err;
  }
  throw new Error('expected the topology to be rejected');
}

const withMgmt = (nodes: string, links = '') =>
  `name: m\nmgmt: { network: mg, ipv4-subnet: 10.9.0.0/24 }\ntopology:\n  nodes:\n${nodes}${links}`;

describe('lab topology: management network (containerlab mgmt)', () => {
  it('reads the two-rack demo: kinds from images and labels, every node a management address', () => {
    const t = loadTopology(repoPath('containerlab/two-rack/two-rack.clab.yml'));
    expect(t.mgmt).to.deep.equal({ network: 'twill-two-rack', ipv4Subnet: '172.20.21.0/24' });
    const byName = Object.fromEntries(t.nodes.map((n) => [n.name, [n.kind, n.mgmtIpv4]]));
    expect(byName).to.deep.equal({
      etcd: ['etcd', '172.20.21.2/24'],
      typha: ['typha', '172.20.21.3/24'],
      spine1: ['bird', '172.20.21.11/24'],
      leaf1: ['frr', '172.20.21.12/24'],
      leaf2: ['frr', '172.20.21.13/24'],
      n1: ['twill', '172.20.21.21/24'],
      n2: ['twill', '172.20.21.22/24'],
      n3: ['twill', '172.20.21.23/24'],
      n4: ['twill', '172.20.21.24/24'],
    });
    expect(t.nodes.find((n) => n.name === 'n3')?.labels['rack']).to.equal('r2');
    expect(t.warnings).to.deep.equal([]);
  });

  it('gives nodes without mgmt-ipv4 the next free addresses after the bridge (.1) and the pinned ones', () => {
    const t = parseTopology(
      withMgmt(
        '    a: { kind: linux }\n    b: { kind: linux, mgmt-ipv4: 10.9.0.2 }\n    c: { kind: linux }\n',
      ),
      '/labs/demo',
    );
    expect(t.nodes.map((n) => n.mgmtIpv4)).to.deep.equal(['10.9.0.3/24', '10.9.0.2/24', '10.9.0.4/24']);
  });

  it('builds no management network without mgmt.ipv4-subnet (older topologies stay as they were)', () => {
    const t = parseTopology(
      'name: m\ntopology:\n  nodes:\n    a: { kind: linux, mgmt-ipv4: 10.9.0.5 }\n',
      '/x',
    );
    expect(t.mgmt).to.equal(undefined);
    expect(t.nodes[0]?.mgmtIpv4).to.equal(undefined);
  });

  it('names every bad management setting by its field path', () => {
    expect(
      problems('name: m\nmgmt: { ipv4-subnet: 10.9.0.0/33 }\ntopology:\n  nodes:\n    a: { kind: linux }\n'),
    ).to.deep.equal(['mgmt.ipv4-subnet: "10.9.0.0/33" is not an IPv4 subnet a.b.c.d/8..30']);
    expect(
      problems(
        withMgmt(
          '    a: { kind: linux, mgmt-ipv4: 10.9.0.1 }\n    b: { kind: linux, mgmt-ipv4: 10.9.1.7 }\n' +
            '    c: { kind: linux, mgmt-ipv4: nope }\n    d: { kind: linux, mgmt-ipv4: 10.9.0.9 }\n' +
            '    e: { kind: linux, mgmt-ipv4: 10.9.0.9 }\n',
          "  links:\n    - endpoints: ['a:eth0', 'b:eth1']\n",
        ),
      ),
    ).to.deep.equal([
      "topology.nodes.a.mgmt-ipv4: 10.9.0.1 is not a host address of 10.9.0.0/24 after the bridge's 10.9.0.1",
      "topology.nodes.b.mgmt-ipv4: 10.9.1.7 is not a host address of 10.9.0.0/24 after the bridge's 10.9.0.1",
      'topology.nodes.c.mgmt-ipv4: "nope" is not an IPv4 address',
      'topology.nodes.e.mgmt-ipv4: 10.9.0.9 is used twice',
      'topology.links[0].endpoints[0]: eth0 is the management interface (mgmt is set)',
    ]);
  });
});
