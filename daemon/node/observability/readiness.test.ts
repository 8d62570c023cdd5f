import { expect } from 'chai';

import { evaluateReadiness } from './readiness.js';
import { peer, snapshot } from './testing/snapshot-fixture.js';

const tor = (address: string, state: 'Established' | 'Active', name = 'tor') =>
  peer(address, { type: 'GlobalPeer', bgpPeer: name, state });
const mesh = (address: string, state: 'Established' | 'Idle') => peer(address, { state });
const bgp = (peers: ReturnType<typeof peer>[]) => ({ routerId: '10.0.0.1', asNumber: 64512, peers });

describe('readiness rule', () => {
  const rows: Array<{
    name: string;
    input: Parameters<typeof snapshot>[0];
    ready: boolean;
    reasons?: string[];
  }> = [
    { name: 'all inputs good', input: {}, ready: true },
    {
      name: 'datastore not connected',
      input: { datastore: { connected: false, inSync: false, resyncs: 0 } },
      ready: false,
      reasons: ['datastore not connected'],
    },
    {
      name: 'datastore outage after sync: still ready (the last data stays in force, as in Calico)',
      input: { datastore: { connected: false, inSync: true, resyncs: 0, connectionError: 'etcd down' } },
      ready: true,
    },
    {
      name: 'datastore connected, not in sync',
      input: { datastore: { connected: true, inSync: false, resyncs: 0 } },
      ready: false,
      reasons: ['datastore not in sync yet'],
    },
    {
      name: 'dataplane not programmed, with the apply error',
      input: {
        dataplane: { ...snapshot().dataplane, programmed: false, lastApplyError: 'netlink: EPERM' },
      },
      ready: false,
      reasons: ['dataplane not programmed yet: netlink: EPERM'],
    },
    {
      name: 'one of two ToR sessions down: the group still has one up',
      input: { bgp: bgp([tor('10.0.0.254', 'Established'), tor('10.0.0.253', 'Active')]) },
      ready: true,
    },
    {
      name: 'both ToR sessions down',
      input: {
        bgp: bgp([tor('10.0.0.254', 'Active'), tor('10.0.0.253', 'Active'), mesh('10.0.2.1', 'Established')]),
      },
      ready: false,
      reasons: ['no Established session in required peer group bgppeer/tor (0/2)'],
    },
    {
      name: 'each BGPPeer is its own group: one up does not cover the other',
      input: { bgp: bgp([tor('10.0.0.254', 'Established', 'tor-a'), tor('10.1.0.254', 'Active', 'rr')]) },
      ready: false,
      reasons: ['no Established session in required peer group bgppeer/rr (0/1)'],
    },
    {
      name: 'every mesh peer dead: mesh is never required (a dead node must not make all nodes unready)',
      input: { bgp: bgp([mesh('10.0.2.1', 'Idle'), mesh('10.0.3.1', 'Idle')]) },
      ready: true,
    },
    { name: 'BGP disabled', input: { bgp: undefined }, ready: true },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = evaluateReadiness(snapshot(row.input));
      expect(result.ready).to.equal(row.ready);
      expect(result.reasons).to.deep.equal(row.reasons ?? []);
    });
  }

  it('lists every reason at once', () => {
    const result = evaluateReadiness(
      snapshot({
        datastore: { connected: true, inSync: false, resyncs: 0 },
        dataplane: { ...snapshot().dataplane, programmed: false },
        bgp: bgp([tor('10.0.0.254', 'Active')]),
      }),
    );
    expect(result.reasons).to.have.length(3);
  });
});
