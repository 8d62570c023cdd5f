// /metrics scraped over loopback: the text parses strictly and every value is the snapshot's.
import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { NodeMetrics } from './metrics.js';
import { startMetricsServer } from './metrics-server.js';
import type { HttpHandle } from './http-listen.js';
import { SessionTransitions } from './session-transitions.js';
import type { NodeSnapshot } from './snapshot.js';
import { parseExposition, type Exposition } from './testing/prom-text.js';
import { peer, snapshot, T0 } from './testing/snapshot-fixture.js';

describe('twill-node /metrics (loopback scrape)', () => {
  let current: NodeSnapshot = snapshot();
  let server: HttpHandle;
  let nowMs = T0;

  before(async () => {
    server = await startMetricsServer({
      listen: { host: '127.0.0.1', port: 0 },
      metrics: new NodeMetrics(new SessionTransitions()),
      snapshot: () => current,
      wallNow: () => nowMs,
      log: new MemoryLogger(),
    });
  });
  after(async () => server.close());

  async function scrape(): Promise<Exposition> {
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/plain; version=0.0.4');
    return parseExposition(await response.text());
  }

  it('reports every BGP session from the snapshot', async () => {
    const m = await scrape();
    expect(m.value('twill_bgp_session_up', { peer: '10.0.1.254', peer_type: 'GlobalPeer' })).to.equal(1);
    expect(m.value('twill_bgp_session_up', { peer: '10.0.1.253' })).to.equal(0);
    expect(m.value('twill_bgp_session_state', { peer: '10.0.1.253', state: 'Active' })).to.equal(1);
    expect(m.value('twill_bgp_session_state', { peer: '10.0.1.253', state: 'Established' })).to.equal(0);
    expect(m.samples.filter((s) => s.name === 'twill_bgp_session_state')).to.have.length(4 * 6);
    expect(m.value('twill_bgp_session_established_seconds', { peer: '10.0.1.254' })).to.equal(60);
    expect(m.value('twill_bgp_session_established_seconds', { peer: '10.0.1.253' })).to.equal(0);
    expect(m.value('twill_bgp_prefixes', { peer: '10.0.1.254', direction: 'received' })).to.equal(5);
    expect(m.value('twill_bgp_prefixes', { peer: '10.0.1.254', direction: 'accepted' })).to.equal(3);
    expect(m.value('twill_bgp_prefixes', { peer: '10.0.1.254', direction: 'advertised' })).to.equal(2);
    expect(
      m.value('twill_bgp_peer_info', {
        peer: '10.0.2.1',
        peer_type: 'NodeMesh',
        remote_node: 'node-2',
        peer_as: '64512',
      }),
    ).to.equal(1);
    expect(m.value('twill_bgp_peer_info', { peer: '10.0.1.254', bgp_peer: 'tor' })).to.equal(1);
    expect(m.types.get('twill_bgp_session_flaps_total')).to.equal('counter');
    expect(m.types.get('twill_bgp_session_up')).to.equal('gauge');
  });

  it('reports routes, dataplane, datastore and readiness', async () => {
    const m = await scrape();
    expect(m.value('twill_routes_programmed')).to.equal(12);
    expect(m.value('twill_dataplane_nft_rules')).to.equal(42);
    expect(m.value('twill_dataplane_apply_errors_total')).to.equal(1);
    expect(m.value('twill_dataplane_drift_repairs_total', { kind: 'deleted' })).to.equal(2);
    expect(m.value('twill_dataplane_drift_repairs_total', { kind: 'changed' })).to.equal(1);
    expect(m.value('twill_dataplane_drift_repairs_total', { kind: 'added' })).to.equal(0);
    expect(m.value('twill_datastore_connected')).to.equal(1);
    expect(m.value('twill_datastore_in_sync')).to.equal(1);
    expect(m.value('twill_datastore_resyncs_total')).to.equal(2);
    expect(m.value('twill_node_ready')).to.equal(1);
    expect(m.value('twill_build_info', { version: '0.1.0-test' })).to.equal(1);
  });

  it('follows the snapshot: a flap is counted, message counters appear, a removed peer disappears', async () => {
    const tor = current.bgp?.peers[0];
    expect(tor?.address).to.equal('10.0.1.254');
    current = snapshot({
      bgp: {
        routerId: '10.0.1.1',
        asNumber: 64512,
        peers: [
          { ...(tor as NonNullable<typeof tor>), state: 'Idle', lastError: 'hold timer expired' },
          peer('10.0.2.1', {
            remoteNode: 'node-2',
            counters: {
              updatesReceived: 17,
              updatesSent: 9,
              notificationsSent: [{ code: 'Cease', subcode: 'Administrative Reset', count: 2 }],
              notificationsReceived: [{ code: 'Hold Timer Expired', subcode: 'Unspecific', count: 1 }],
            },
          }),
        ],
      },
      datastore: { connected: true, inSync: false, resyncs: 3, lagSec: 1.5 },
    });
    nowMs += 10_000;
    const m = await scrape();
    expect(m.value('twill_bgp_session_flaps_total', { peer: '10.0.1.254' })).to.equal(1);
    expect(m.value('twill_bgp_session_flaps_total', { peer: '10.0.2.1' })).to.equal(0);
    expect(m.value('twill_bgp_session_up', { peer: '10.0.1.254' })).to.equal(0);
    expect(m.value('twill_bgp_updates_total', { peer: '10.0.2.1', direction: 'received' })).to.equal(17);
    expect(m.value('twill_bgp_updates_total', { peer: '10.0.2.1', direction: 'sent' })).to.equal(9);
    expect(
      m.value('twill_bgp_notifications_total', {
        peer: '10.0.2.1',
        direction: 'sent',
        code: 'Cease',
        subcode: 'Administrative Reset',
      }),
    ).to.equal(2);
    expect(
      m.value('twill_bgp_notifications_total', {
        peer: '10.0.2.1',
        direction: 'received',
        code: 'Hold Timer Expired',
        subcode: 'Unspecific',
      }),
    ).to.equal(1);
    expect(m.has('twill_bgp_session_up', { peer: '10.0.3.1' }), 'removed peer').to.equal(false);
    expect(m.value('twill_datastore_in_sync')).to.equal(0);
    expect(m.value('twill_datastore_lag_seconds')).to.equal(1.5);
    // Ready no longer: the datastore is not in sync and the ToR group has no session up.
    expect(m.value('twill_node_ready')).to.equal(0);
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).to.equal(404);
  });
});
