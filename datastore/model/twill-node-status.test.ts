import { expect } from 'chai';

import { ValidationError } from '../errors.js';
import { MemoryBackend } from '../backend/memory-backend.js';
import { validateResource } from './validate.js';

const GOOD_STATUS = {
  observedAt: '2026-11-26T10:00:00Z',
  agent: {
    version: '0.1.0',
    startedAt: '2026-11-26T09:00:00.123Z',
    ready: false,
    conditions: [
      { type: 'Ready', status: 'False', reason: 'NoSessionEstablished', message: 'group tor: 0/2 up' },
      {
        type: 'ResourcesIgnored',
        status: 'True',
        reason: 'ValidationFailed',
        message: 'BGPPeer "tor-a": spec.asNumber: is required',
        lastTransitionTime: '2026-11-26T09:30:00Z',
      },
    ],
  },
  bgp: {
    routerId: '10.0.0.1',
    asNumber: 64512,
    peers: [
      {
        address: '10.0.0.254',
        type: 'GlobalPeer',
        bgpPeer: 'tor-a',
        peerAS: 65000,
        state: 'Established',
        since: '2026-11-26T09:01:00Z',
        prefixesReceived: 3,
        prefixesAccepted: 2,
        prefixesAdvertised: 1,
        gracefulRestart: 'on',
        bfd: 'Up',
      },
      {
        address: 'fd00::2',
        type: 'NodeMesh',
        remoteNode: 'node-2',
        state: 'Active',
        lastError: 'connection refused',
      },
    ],
  },
  routes: {
    localBlocks: ['10.65.0.0/26'],
    programmed: 7,
    unroutableBlocks: [{ cidr: '10.65.3.0/26', node: 'node-3', reason: 'no IPv4 address' }],
  },
  dataplane: { encapsulation: 'VXLAN', vtepMAC: '66:77:88:99:aa:bb', lastApplyError: 'EPERM' },
};

const object = (status: unknown, name = 'node-1'): unknown => ({
  apiVersion: 'twill.dev/v1',
  kind: 'TwillNodeStatus',
  metadata: { name },
  status,
});

function issuesOf(input: unknown): Record<string, string> {
  try {
    validateResource(input);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return Object.fromEntries((error as ValidationError).issues.map((i) => [i.path, i.message]));
  }
  return expect.fail('expected validation to fail');
}

describe('TwillNodeStatus', () => {
  it('accepts a full report unchanged, with an empty spec filled in', () => {
    const resource = validateResource(object(GOOD_STATUS));
    expect(resource.kind).to.equal('TwillNodeStatus');
    expect(resource.spec).to.deep.equal({});
    expect(resource.status).to.deep.equal(GOOD_STATUS);
  });

  it('refuses every bad field with its path', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- poking wrong values into a deep copy
    const bad = structuredClone(GOOD_STATUS) as any;
    bad.observedAt = 'yesterday';
    bad.agent.conditions[0].status = 'Yes';
    bad.bgp.peers[0].state = 'Up';
    bad.bgp.peers[0].prefixesReceived = -1;
    bad.bgp.peers[1].address = 'node-2';
    bad.bgp.peers[1].colour = 'red';
    bad.routes.unroutableBlocks[0].cidr = '10.65.3.1/26';
    bad.routes.localBlocks = ['10.65.0.0/26', 7];
    bad.dataplane.encapsulation = 'GRE';
    bad.dataplane.lastApplyError = 'x'.repeat(5000);
    const issues = issuesOf(object(bad));
    expect(Object.keys(issues).sort()).to.deep.equal(
      [
        'status.observedAt',
        'status.agent.conditions[0].status',
        'status.bgp.peers[0].state',
        'status.bgp.peers[0].prefixesReceived',
        'status.bgp.peers[1].address',
        'status.bgp.peers[1].colour',
        'status.routes.unroutableBlocks[0].cidr',
        'status.routes.localBlocks[1]',
        'status.dataplane.encapsulation',
        'status.dataplane.lastApplyError',
      ].sort(),
    );
    expect(issues['status.bgp.peers[0].state']).to.contain('Established');
    expect(issues['status.bgp.peers[1].colour']).to.equal('unknown field');
    expect(issues['status.observedAt']).to.contain('RFC 3339');
  });

  it('has no spec fields and is cluster-scoped', () => {
    const issues = issuesOf({
      ...(object({}) as object),
      spec: { node: 'x' },
      metadata: { name: 'n', namespace: 'a' },
    });
    expect(Object.keys(issues).sort()).to.deep.equal(['metadata.namespace', 'spec.node']);
  });

  it('is stored and read back by a backend, and refused there when invalid', async () => {
    const backend = new MemoryBackend();
    try {
      await backend.create(object(GOOD_STATUS) as never);
      const read = await backend.get('TwillNodeStatus', 'node-1');
      expect(read.status).to.deep.equal(GOOD_STATUS);
      let error: unknown;
      try {
        await backend.create(
          object({ bgp: { peers: [{ address: '10.0.0.9', type: 'NodeMesh' }] } }, 'node-2') as never,
        );
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).to.deep.equal([
        'status.bgp.peers[0].state',
      ]);
      expect((await backend.list('TwillNodeStatus')).items.map((i) => i.metadata.name)).to.deep.equal([
        'node-1',
      ]);
    } finally {
      await backend.close();
    }
  });
});
