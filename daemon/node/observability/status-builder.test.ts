import { expect } from 'chai';

import { validateResource } from '../../../datastore/index.js';
import { StatusBuilder, statusContent } from './status-builder.js';
import { snapshot, T0 } from './testing/snapshot-fixture.js';

describe('StatusBuilder', () => {
  it('builds a status the datastore accepts, with every section from the snapshot', () => {
    const status = new StatusBuilder().build(
      snapshot({
        ignoredResources: [{ kind: 'BGPPeer', name: 'bad', reason: 'spec.asNumber: is required' }],
        routes: {
          localBlocks: ['10.65.1.0/26'],
          programmed: 12,
          unroutableBlocks: [{ cidr: '10.65.9.0/26', node: 'node-9', reason: 'no IPv4 address' }],
        },
      }),
      T0,
    );
    const resource = validateResource({
      apiVersion: 'twill.dev/v1',
      kind: 'TwillNodeStatus',
      metadata: { name: 'node-1' },
      status,
    });
    expect(resource.status).to.deep.equal(status);
    expect(status.observedAt).to.equal('2026-11-26T10:00:00.000Z');
    expect(status.agent?.ready).to.equal(true);
    expect(status.bgp?.peers?.map((p) => [p.address, p.state])).to.deep.equal([
      ['10.0.1.253', 'Active'],
      ['10.0.1.254', 'Established'],
      ['10.0.2.1', 'Established'],
      ['10.0.3.1', 'Established'],
    ]);
    expect(status.bgp?.peers?.[0]).to.deep.include({
      type: 'GlobalPeer',
      bgpPeer: 'tor',
      peerAS: 65000,
      lastError: 'connection refused',
      since: '2026-11-26T09:59:55.000Z',
    });
    const ignored = status.agent?.conditions?.find((c) => c.type === 'ResourcesIgnored');
    expect(ignored).to.deep.include({ status: 'True', reason: 'ValidationFailed' });
    expect(ignored?.message).to.equal('BGPPeer bad: spec.asNumber: is required');
    expect(status.routes?.unroutableBlocks).to.have.length(1);
    expect(status.dataplane).to.deep.equal({ encapsulation: 'VXLAN', vtepMAC: '66:77:88:99:aa:bb' });
  });

  it('keeps lastTransitionTime while a condition holds, so an unchanged node builds unchanged content', () => {
    const builder = new StatusBuilder();
    const first = builder.build(snapshot(), T0);
    const second = builder.build(snapshot(), T0 + 30_000);
    expect(second.observedAt).to.not.equal(first.observedAt);
    expect(statusContent(second)).to.equal(statusContent(first));
    const down = builder.build(
      snapshot({ datastore: { connected: false, inSync: false, resyncs: 2 } }),
      T0 + 60_000,
    );
    const ready = down.agent?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).to.deep.include({ status: 'False', lastTransitionTime: '2026-11-26T10:01:00.000Z' });
    expect(ready?.message).to.equal('datastore not connected');
    const dataplane = down.agent?.conditions?.find((c) => c.type === 'DataplaneProgrammed');
    expect(dataplane?.lastTransitionTime, 'unchanged condition keeps its time').to.equal(
      '2026-11-26T10:00:00.000Z',
    );
  });

  it('shows a datastore outage in DatastoreConnected while the node stays ready on its last data', () => {
    const builder = new StatusBuilder();
    builder.build(
      snapshot({ datastore: { connected: true, inSync: true, resyncs: 0, connectedSinceMs: T0 } }),
      T0,
    );
    const outage = builder.build(
      snapshot({
        datastore: {
          connected: false,
          inSync: true,
          resyncs: 0,
          connectedSinceMs: T0 + 5_000,
          connectionError: 'no answer within 2000 ms',
        },
      }),
      T0 + 6_000,
    );
    const conditions = new Map(outage.agent?.conditions?.map((c) => [c.type, c]));
    expect(conditions.get('DatastoreConnected')).to.deep.include({
      status: 'False',
      reason: 'Disconnected',
      message:
        'unreachable since 2026-11-26T10:00:05.000Z: no answer within 2000 ms; the last data stays in force',
      // The probe's flip, not the build that first saw it.
      lastTransitionTime: '2026-11-26T10:00:05.000Z',
    });
    expect(conditions.get('Ready')?.status).to.equal('True');
    expect(outage.agent?.ready).to.equal(true);
    const back = builder.build(
      snapshot({
        datastore: {
          connected: true,
          inSync: true,
          resyncs: 0,
          connectedSinceMs: T0 + 65_000,
          lastOutage: { fromMs: T0 + 5_000, toMs: T0 + 65_000, error: 'no answer within 2000 ms' },
        },
      }),
      T0 + 66_000,
    );
    expect(back.agent?.conditions?.find((c) => c.type === 'DatastoreConnected')).to.deep.include({
      status: 'True',
      reason: 'Connected',
      message:
        'reachable since 2026-11-26T10:01:05.000Z; last outage 2026-11-26T10:00:05.000Z for 60 s (no answer within 2000 ms)',
    });
  });

  it('moves DatastoreConnected’s lastTransitionTime for an outage no build saw (status unwritable meanwhile)', () => {
    const builder = new StatusBuilder();
    const connected = (sinceMs: number, lastOutage?: { fromMs: number; toMs: number }) =>
      snapshot({
        datastore: {
          connected: true,
          inSync: true,
          resyncs: 0,
          connectedSinceMs: sinceMs,
          ...(lastOutage === undefined ? {} : { lastOutage }),
        },
      });
    const condition = (status: ReturnType<StatusBuilder['build']>) =>
      status.agent?.conditions?.find((c) => c.type === 'DatastoreConnected');
    expect(condition(builder.build(connected(T0), T0))?.lastTransitionTime).to.equal(
      '2026-11-26T10:00:00.000Z',
    );
    // Down at +5 s, back at +20 s, with no build in between: True both times, but it did flip.
    const after = builder.build(
      connected(T0 + 20_000, { fromMs: T0 + 5_000, toMs: T0 + 20_000 }),
      T0 + 30_000,
    );
    expect(condition(after)).to.deep.include({
      status: 'True',
      lastTransitionTime: '2026-11-26T10:00:20.000Z',
    });
    // And an unchanged connection keeps it, so an unchanged node writes an unchanged object.
    const later = builder.build(
      connected(T0 + 20_000, { fromMs: T0 + 5_000, toMs: T0 + 20_000 }),
      T0 + 90_000,
    );
    expect(condition(later)?.lastTransitionTime).to.equal('2026-11-26T10:00:20.000Z');
  });

  it('cuts free text to the datastore bound so a long error never makes the write invalid', () => {
    const status = new StatusBuilder().build(
      snapshot({ dataplane: { ...snapshot().dataplane, lastApplyError: 'e'.repeat(5000) } }),
      T0,
    );
    expect(status.dataplane?.lastApplyError?.length).to.equal(1024);
    expect(() =>
      validateResource({
        apiVersion: 'twill.dev/v1',
        kind: 'TwillNodeStatus',
        metadata: { name: 'n' },
        status,
      }),
    ).to.not.throw();
  });
});
