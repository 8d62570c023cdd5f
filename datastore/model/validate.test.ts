import { expect } from 'chai';

import { ValidationError } from '../errors.js';
import { validateResource } from './validate.js';

function issuesOf(input: unknown, previous?: unknown): Record<string, string> {
  try {
    validateResource(input, previous as never);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return Object.fromEntries((error as ValidationError).issues.map((i) => [i.path, i.message]));
  }
  return expect.fail('expected validation to fail');
}

const meta = { name: 'x' };
const twill = (kind: string, spec: unknown, metadata: unknown = meta): unknown => ({
  apiVersion: 'twill.dev/v1',
  kind,
  metadata,
  spec,
});

describe('resource validation', () => {
  it('fills IPPool defaults per family', () => {
    const v4 = validateResource(twill('IPPool', { cidr: '10.65.0.0/16', encapsulation: { type: 'VXLAN' } }));
    expect(v4.spec).to.deep.equal({
      cidr: '10.65.0.0/16',
      blockSize: 26,
      encapsulation: { type: 'VXLAN', mode: 'Always' },
      natOutgoing: false,
      nodeSelector: 'all()',
      disabled: false,
      allowedUses: ['Workload', 'Tunnel'],
    });
    const v6 = validateResource(twill('IPPool', { cidr: 'fd00:10::/48', nodeSelector: 'has( rack )' }));
    expect(v6.kind === 'IPPool' && v6.spec.blockSize).to.equal(122);
    expect(v6.kind === 'IPPool' && v6.spec.nodeSelector).to.equal('has(rack)');
  });

  it('reports every IPPool problem at once with its field path', () => {
    const issues = issuesOf(
      twill(
        'IPPool',
        {
          cidr: 'fd00::/48',
          blockSize: 26,
          encapsulation: { type: 'IPIP', mode: 'Sometimes' },
          nodeSelector: 'has(x) &&',
          blocksize: 1,
          allowedUses: ['Pods'],
        },
        { name: 'Bad_Name', namespace: 'ns', labels: { 'bad key!': 'v' } },
      ),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'metadata.name',
        'metadata.namespace',
        'metadata.labels.bad key!',
        'spec.blockSize',
        'spec.encapsulation.type',
        'spec.encapsulation.mode',
        'spec.nodeSelector',
        'spec.blocksize',
        'spec.allowedUses[0]',
      ].sort(),
    );
    expect(issues['spec.nodeSelector']).to.equal('selector "has(x) &&": column 10: expected an expression');
    expect(issues['spec.blocksize']).to.equal('unknown field');
    expect(issues['metadata.namespace']).to.include('cluster-scoped');
  });

  it('names the kind and resource in the message', () => {
    expect(() => validateResource(twill('IPPool', {}, { name: 'p1' }))).to.throw(
      ValidationError,
      'IPPool "p1" is invalid: spec.cidr: is required',
    );
    expect(issuesOf({ apiVersion: 'twill.dev/v1', kind: 'Pool', metadata: meta })).to.have.keys(['kind']);
    expect(
      issuesOf({ ...(twill('IPPool', { cidr: '10.0.0.0/8' }) as object), apiVersion: 'v1' }),
    ).to.have.keys(['apiVersion']);
  });

  it('makes IPPool blockSize and cidr immutable on update', () => {
    const stored = validateResource(twill('IPPool', { cidr: '10.65.0.0/16' }));
    expect(issuesOf(twill('IPPool', { cidr: '10.66.0.0/16', blockSize: 28 }), stored)).to.have.keys([
      'spec.blockSize',
      'spec.cidr',
    ]);
    // Leaving blockSize out means the default, which equals what is stored: not a change.
    validateResource(twill('IPPool', { cidr: '10.65.0.0/16', natOutgoing: true }), stored);
  });

  it('checks BGP peers: peerIP xor peerSelector, AS, timers (RFC 4271), hops, secrets', () => {
    expect(issuesOf(twill('BGPPeer', {}))).to.have.keys(['spec.peerIP']);
    expect(issuesOf(twill('BGPPeer', { peerIP: '192.0.2.1', peerSelector: 'all()' }))).to.have.keys([
      'spec.peerSelector',
      'spec.asNumber',
    ]);
    const issues = issuesOf(
      twill('BGPPeer', {
        peerIP: '192.0.2.300',
        asNumber: 0,
        timers: { holdTimeSec: 2, keepaliveTimeSec: 1 },
        ttlSecurity: { hops: 256 },
        password: { secretKeyRef: { name: 'bgp' } },
        nextHopMode: 'Other',
        exportFilters: ['Not A Name'],
      }),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'spec.peerIP',
        'spec.asNumber',
        'spec.timers.holdTimeSec',
        'spec.ttlSecurity.hops',
        'spec.password.secretKeyRef.key',
        'spec.nextHopMode',
        'spec.exportFilters[0]',
      ].sort(),
    );
    expect(issues['spec.timers.holdTimeSec']).to.include('RFC 4271');
    const ok = validateResource(
      twill('BGPPeer', {
        peerSelector: "role == 'rr'",
        nodeSelector: '!has(rr)',
        bfd: {},
        gracefulRestart: { restartTimeSec: 120 },
      }),
    );
    expect(ok.spec).to.deep.equal({
      peerSelector: "role == 'rr'",
      nodeSelector: '!has(rr)',
      bfd: { enabled: true },
      gracefulRestart: { enabled: true, restartTimeSec: 120 },
      nextHopMode: 'Auto',
    });
  });

  it('checks BGPConfiguration names, communities and service CIDRs', () => {
    const issues = issuesOf(
      twill(
        'BGPConfiguration',
        {
          communities: [
            { name: 'a', value: '65536:1' },
            { name: 'a', value: '1:2:3' },
          ],
          serviceClusterIPs: [{ cidr: '10.96.0.1/12' }],
          listenPort: 0,
        },
        { name: 'global' },
      ),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'metadata.name',
        'spec.communities[0].value',
        'spec.communities[1].name',
        'spec.serviceClusterIPs[0].cidr',
        'spec.listenPort',
      ].sort(),
    );
    validateResource(
      twill(
        'BGPConfiguration',
        {
          asNumber: 4200000000,
          nodeToNodeMeshEnabled: false,
          communities: [{ name: 'l', value: '4200000000:1:2' }],
        },
        { name: 'default' },
      ),
    );
  });

  it('checks IPAM blocks for internal consistency', () => {
    const issues = issuesOf(
      twill('IPAMBlock', {
        cidr: '10.65.0.0/30',
        allocations: [0, null, 5],
        unallocated: [0, 1, 1, 9],
        attributes: [{ handleID: 'pod-a' }],
      }),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'spec.allocations',
        'spec.allocations[2]',
        'spec.unallocated[0]',
        'spec.unallocated[2]',
        'spec.unallocated[3]',
      ].sort(),
    );
    expect(issues['spec.unallocated[0]']).to.include('free here but allocated');
    const ok = validateResource(
      twill('IPAMBlock', {
        cidr: '10.65.0.0/30',
        affinity: 'host:n1',
        allocations: [0, null, null, null],
        unallocated: [1, 2, 3],
        attributes: [{ handleID: 'pod-a' }],
        sequenceNumberForAllocation: { '0': 0 },
      }),
    );
    expect(ok.kind === 'IPAMBlock' && ok.spec.sequenceNumber).to.equal(0);
    expect(issuesOf(twill('IPAMConfiguration', { maxBlocksPerHost: -1 }))).to.have.keys([
      'metadata.name',
      'spec.maxBlocksPerHost',
    ]);
    expect(issuesOf(twill('IPAMHandle', { handleID: 'h', block: { '10.65.0.1/26': 1 } }))).to.have.keys([
      'spec.block.10.65.0.1/26',
    ]);
    expect(
      issuesOf(twill('BlockAffinity', { state: 'claimed', node: 'n1', cidr: '10.65.0.0/26' })),
    ).to.have.keys(['spec.state']);
  });

  it('checks nodes', () => {
    const issues = issuesOf(
      twill('Node', {
        bgp: { ipv4Address: '10.0.0.5', routeReflectorClusterID: 'fd00::1' },
        vxlanTunnelMACAddr: '02:AA:00:00:00:01',
      }),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      ['spec.bgp.ipv4Address', 'spec.bgp.routeReflectorClusterID', 'spec.vxlanTunnelMACAddr'].sort(),
    );
    const withStatus = (wireguardPublicKey: string): unknown => ({
      ...(twill('Node', { bgp: { ipv4Address: '10.0.0.5/24' } }) as object),
      status: { wireguardPublicKey },
    });
    expect(issuesOf(withStatus('x'))).to.have.keys(['status.wireguardPublicKey']);
    validateResource(withStatus('xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg='));
    expect(validateResource(twill('Node', {}, { name: 'n1' })).spec).to.deep.equal({});
  });

  it('checks workload endpoints and Kubernetes policy inputs', () => {
    const wep = (spec: unknown): unknown =>
      twill('WorkloadEndpoint', spec, { name: 'pod-1', namespace: 'default' });
    expect(
      issuesOf(wep({ node: 'n1', interfaceName: 'this-name-is-too-long', ipNetworks: ['10.65.0.0/24', 7] })),
    ).to.have.keys(['spec.interfaceName', 'spec.ipNetworks[0]', 'spec.ipNetworks[1]']);
    expect(
      issuesOf(twill('WorkloadEndpoint', { node: 'n1', interfaceName: 'cali1', ipNetworks: [] })),
    ).to.have.keys(['metadata.namespace']);
    const policy = (spec: unknown): unknown => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'default' },
      spec,
    });
    const issues = issuesOf(
      policy({
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] },
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] }, podSelector: {} }, {}],
            ports: [{ port: 80, endPort: 70 }],
          },
        ],
      }),
    );
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'spec.podSelector.matchExpressions[0].values',
        'spec.ingress[0].from[0].ipBlock.except[0]',
        'spec.ingress[0].from[0].ipBlock',
        'spec.ingress[0].from[1]',
        'spec.ingress[0].ports[0].endPort',
      ].sort(),
    );
    const ok = validateResource(
      policy({ podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ namespaceSelector: {} }] }] }),
    );
    expect(ok.kind === 'NetworkPolicy' && ok.spec.policyTypes).to.deep.equal(['Ingress', 'Egress']);
    const ns = validateResource({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { team: 'a' } },
    });
    expect(ns.metadata.labels).to.deep.equal({ team: 'a' });
  });
});
