import { expect } from 'chai';
import { isTwillError } from '../../common/errors.js';
import { repoPath } from '../testing/repo.js';
import { loadTopology, parseTopology } from './parse.js';

const DIR = '/labs/demo';

function problems(yaml: string): string[] {
  try {
    parseTopology(yaml, DIR);
  } catch (err) {
    if (isTwillError(err, 'LAB_TOPOLOGY_INVALID'))
      return (err.details?.['problems'] as string[]) ?? [err.message];
    throw err;
  }
  throw new Error('expected the topology to be rejected');
}

describe('lab topology parser (containerlab format)', () => {
  it('reads the leaf-spine demo: router kinds from images, configs from binds, links in order', () => {
    const t = loadTopology(repoPath('containerlab/leaf-spine/leaf-spine.clab.yml'));
    expect(t.name).to.equal('leaf-spine');
    const kinds = Object.fromEntries(t.nodes.map((n) => [n.name, n.kind]));
    expect(kinds).to.deep.equal({
      spine1: 'bird',
      leaf1: 'frr',
      leaf2: 'frr',
      gw1: 'gobgp',
      h1: 'linux',
      h2: 'linux',
    });
    const spine = t.nodes.find((n) => n.name === 'spine1');
    expect(spine?.declaredKind).to.equal('linux');
    expect(spine?.config).to.equal(repoPath('containerlab/leaf-spine/spine1/bird.conf'));
    expect(t.nodes.find((n) => n.name === 'leaf1')?.config).to.equal(
      repoPath('containerlab/leaf-spine/leaf1/frr.conf'),
    );
    expect(t.links[0]).to.deep.equal({
      a: { node: 'spine1', iface: 'eth1' },
      b: { node: 'leaf1', iface: 'eth1' },
    });
    expect(t.links).to.have.length(5);
    expect(t.warnings).to.deep.equal([]);
  });

  it('takes our own kinds and startup-config relative to the file', () => {
    const t = parseTopology(
      `name: x
topology:
  nodes:
    r1: { kind: frr, startup-config: r1/frr.conf }
    b1: { kind: bird, startup-config: /etc/b.conf }
    h1: { kind: linux, env: { A: 1, B: true } }`,
      DIR,
    );
    expect(t.nodes.map((n) => [n.name, n.kind, n.config])).to.deep.equal([
      ['r1', 'frr', '/labs/demo/r1/frr.conf'],
      ['b1', 'bird', '/etc/b.conf'],
      ['h1', 'linux', undefined],
    ]);
    expect(t.nodes[2]?.env).to.deep.equal({ A: '1', B: 'true' });
  });

  it('applies node, then kinds, then defaults (containerlab precedence)', () => {
    const t = parseTopology(
      `name: x
topology:
  defaults: { kind: linux, exec: ["echo default"] }
  kinds:
    linux: { exec: ["echo kind"], env: { K: v } }
  nodes:
    a: {}
    b: { exec: ["echo own"] }`,
      DIR,
    );
    expect(t.nodes.map((n) => n.exec)).to.deep.equal([['echo kind'], ['echo own']]);
    expect(t.nodes[0]?.env).to.deep.equal({ K: 'v' });
  });

  it('lets a label choose the router when the image name does not tell', () => {
    const t = parseTopology(
      `name: x
topology:
  nodes:
    r: { kind: linux, image: example/router:1, labels: { twill-lab.kind: bird }, startup-config: b.conf }`,
      DIR,
    );
    expect(t.nodes[0]?.kind).to.equal('bird');
  });

  it('reports every problem with its field path at once', () => {
    const got = problems(`name: bad name
topology:
  nodes:
    r1: { kind: frr }
    s1: { kind: srl }
    h1: { kind: linux, exec: [1] }
  links:
    - endpoints: ["h1:eth1", "r9:eth1"]
    - endpoints: ["h1:this-name-is-too-long", "r1:eth1"]
    - endpoints: ["h1:eth1", "r1:eth2"]
    - endpoints: ["h1:eth3"]`);
    expect(got).to.include.members([
      'name: required: letters, digits, "-" and "_"',
      "topology.nodes.r1.startup-config: a frr node needs its configuration: startup-config, or a bind to the image's config path",
      'topology.nodes.s1.kind: "srl" is not a kind this lab runs (it runs: linux, frr, bird, gobgp, exabgp, twill, etcd, typha)',
      'topology.nodes.h1.exec[0]: must be a string',
      'topology.links[0].endpoints[1]: node "r9" is not defined in topology.nodes',
      'topology.links[1].endpoints[0]: interface "this-name-is-too-long" is not a valid Linux interface name (1-15 of A-Z a-z 0-9 _ . -, not lo)',
      'topology.links[2].endpoints[0]: h1:eth1 is already used by topology.links[0].endpoints[0]',
      'topology.links[3].endpoints: required: two "node:interface" strings',
    ]);
    expect(got).to.have.length(8);
  });

  it('names the line of a YAML syntax error', () => {
    expect(() => parseTopology('name: x\ntopology: [\n', DIR, 'lab.yml')).to.throw(
      /lab\.yml: not valid YAML: .*line/,
    );
  });

  it('rejects a link between two ends of the same node and bad binds', () => {
    const got = problems(`name: x
topology:
  nodes:
    h1: { kind: linux, binds: ["only-a-source", "a:/b:rx"] }
  links:
    - endpoints: ["h1:eth1", "h1:eth2"]`);
    expect(got).to.deep.equal([
      'topology.nodes.h1.binds[0]: "only-a-source" is not source:/target[:ro|rw]',
      'topology.nodes.h1.binds[1]: mode "rx" is not ro or rw',
      'topology.links[0].endpoints: both ends are on node h1',
    ]);
  });

  it('warns about fields it does not know and ignores containerlab-only ones quietly', () => {
    const t = parseTopology(
      `name: x
mgmt: { network: m }
topology:
  nodes:
    h1: { kind: linux, image: alpine:3, ports: ["80:80"], colour: blue }`,
      DIR,
    );
    expect(t.warnings).to.deep.equal(['topology.nodes.h1.colour: unknown field, ignored']);
  });
});
