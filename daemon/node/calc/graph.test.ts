import { expect } from 'chai';
import fc from 'fast-check';

import type { AnyResource, SyncUpdate } from '../../../datastore/index.js';
import { canonicalJson } from './change-gate.js';
import { CalcGraph } from './graph.js';
import { OutputRecorder } from './output-recorder.js';
import {
  bgpConfiguration,
  bgpFilter,
  bgpPeer,
  block,
  deleted,
  endpoint,
  namespace,
  node,
  policy,
  pool,
  set,
} from './testing/resources.js';

const ME = 'n1';

function start(snapshot: AnyResource[]): { graph: CalcGraph; out: OutputRecorder } {
  const out = new OutputRecorder();
  const graph = new CalcGraph({ nodeName: ME, defaultListenPort: 179, outputs: out });
  graph.onStatus('resync');
  graph.onUpdates(snapshot.map(set));
  graph.onStatus('in-sync');
  return { graph, out };
}

const cluster: AnyResource[] = [
  node(ME, { bgp: { ipv4Address: '10.0.0.1/24' } }, { rack: 'r1' }),
  node('n2', { bgp: { ipv4Address: '10.0.0.2/24' } }, { rack: 'r1' }),
  node('n3', { bgp: { ipv4Address: '10.0.1.3/24' } }, { rack: 'r2' }),
  bgpConfiguration('default', { asNumber: 65000, serviceClusterIPs: [{ cidr: '10.96.0.0/12' }] }),
  bgpPeer('tor-r1', { peerIP: '10.0.0.254', asNumber: 65101, nodeSelector: "rack == 'r1'" }),
  pool('default', '10.65.0.0/16', { encapsulation: { type: 'VXLAN', mode: 'CrossSubnet' } }),
  block('10.65.0.0/26', ME),
  block('10.65.0.64/26', 'n2'),
  block('10.65.0.128/26', 'n3'),
  namespace('web'),
  endpoint('web', 'front', ME, '10.65.0.5', { app: 'front' }),
  endpoint('web', 'back', 'n3', '10.65.0.130', { app: 'back' }),
  policy('web', 'deny-all', { podSelector: {} }),
];

describe('CalcGraph (wired)', () => {
  it('emits nothing before in-sync, then each output once from the snapshot', () => {
    const out = new OutputRecorder();
    const graph = new CalcGraph({ nodeName: ME, defaultListenPort: 179, outputs: out });
    graph.onStatus('resync');
    graph.onUpdates(cluster.map(set));
    expect(out.counts()).to.deep.equal({ identity: 0, bgp: 0, originated: 0, remote: 0, policy: 0 });
    graph.onStatus('in-sync');
    expect(out.counts()).to.deep.equal({ identity: 1, bgp: 1, originated: 1, remote: 1, policy: 1 });
    expect(out.identity[0]).to.include({ asNumber: 65000, routerId: '10.0.0.1' });
    expect(out.bgp[0]?.peers.map((p) => p.address)).to.deep.equal(['10.0.0.2', '10.0.0.254', '10.0.1.3']);
    expect(out.originated[0]).to.deep.equal({
      blocks: ['10.65.0.0/26'],
      borrowed: [],
      services: ['10.96.0.0/12'],
    });
    expect(out.remote[0]?.routes.map((r) => `${r.cidr} ${r.encapsulation}`)).to.deep.equal([
      '10.65.0.64/26 native',
      '10.65.0.128/26 vxlan',
    ]);
    expect(out.policy[0]?.pods).to.have.length(2);
    // A second in-sync (after a resync) re-emits nothing when nothing changed.
    graph.onStatus('resync');
    graph.onStatus('in-sync');
    expect(out.counts()).to.deep.equal({ identity: 1, bgp: 1, originated: 1, remote: 1, policy: 1 });
  });

  it('emits nothing for changes that change no output', () => {
    const { graph, out } = start(cluster);
    const before = out.counts();
    const n3 = cluster[2] as AnyResource;
    const unrelated: SyncUpdate[] = [
      // A re-list after compaction: same objects, new revisions.
      set({ ...n3, metadata: { ...n3.metadata, resourceVersion: '999' } }),
      // A label no selector looks at.
      set(node('n2', { bgp: { ipv4Address: '10.0.0.2/24' } }, { rack: 'r1', colour: 'blue' })),
      // A ToR for a rack this node is not in.
      set(bgpPeer('tor-r2', { peerIP: '10.0.1.254', asNumber: 65102, nodeSelector: "rack == 'r2'" })),
      // A kind the graph does not read.
      set(bgpConfiguration('node.n9', { listenPort: 1790 })),
    ];
    for (const update of unrelated) graph.onUpdates([update]);
    graph.onServiceRemove('default', 'never-added');
    expect(out.counts()).to.deep.equal(before);
  });

  it('emits only the outputs a delta changes', () => {
    const { graph, out } = start(cluster);
    const step = (updates: SyncUpdate[]) => {
      const before = out.counts();
      graph.onUpdates(updates);
      const after = out.counts();
      return Object.fromEntries(
        Object.entries(after).map(([key, n]) => [key, n - before[key as keyof typeof before]]),
      );
    };
    // A new block on a remote node: only the remote routes.
    expect(step([set(block('10.65.1.0/26', 'n2'))])).to.deep.equal({
      identity: 0,
      bgp: 0,
      originated: 0,
      remote: 1,
      policy: 0,
    });
    // A local pod borrowing from n2's block: originated (a /32) and policy (a new pod).
    expect(step([set(endpoint('web', 'extra', ME, '10.65.0.70'))])).to.deep.equal({
      identity: 0,
      bgp: 0,
      originated: 1,
      remote: 0,
      policy: 1,
    });
    expect(out.originated.at(-1)?.borrowed).to.deep.equal(['10.65.0.70/32']);
    // Our own AS changes: identity and BGP.
    expect(
      step([set(node(ME, { bgp: { ipv4Address: '10.0.0.1/24', asNumber: 65009 } }, { rack: 'r1' }))]),
    ).to.deep.equal({ identity: 1, bgp: 1, originated: 0, remote: 0, policy: 0 });
    // The ToR goes: BGP only.
    expect(step([deleted(cluster[4] as AnyResource)])).to.deep.equal({
      identity: 0,
      bgp: 1,
      originated: 0,
      remote: 0,
      policy: 0,
    });
    expect(out.bgp.at(-1)?.peers.map((p) => p.address)).to.deep.equal(['10.0.0.2', '10.0.1.3']);
  });

  it('carries the BGPFilters the peers name (only those), and a filter change re-emits BGP', () => {
    const tor = bgpPeer('tor-r1', {
      peerIP: '10.0.0.254',
      asNumber: 65101,
      nodeSelector: "rack == 'r1'",
      exportFilters: ['no-b2', 'later'],
    });
    const noB2 = bgpFilter('no-b2', {
      exportV4: [{ action: 'Reject', cidr: '10.65.0.64/26', matchOperator: 'Equal' }],
    });
    const unused = bgpFilter('unused', { importV4: [{ action: 'Reject' }] });
    const { graph, out } = start([...cluster.filter((r) => r.metadata.name !== 'tor-r1'), tor, noB2, unused]);
    expect(out.bgp.at(-1)?.filters).to.deep.equal({ 'no-b2': noB2.spec });
    const before = out.counts().bgp;
    graph.onUpdates([set(bgpFilter('unused', { importV4: [{ action: 'Accept' }] }))]);
    expect(out.counts().bgp, 'a filter no peer names changes nothing').to.equal(before);
    const later = bgpFilter('later', { exportV4: [{ action: 'Accept' }] });
    graph.onUpdates([set(later)]);
    expect(out.bgp.at(-1)?.filters).to.deep.equal({ later: later.spec, 'no-b2': noB2.spec });
    graph.onUpdates([deleted(noB2)]);
    expect(out.bgp.at(-1)?.filters).to.deep.equal({ later: later.spec });
  });

  it('lets autodetection and services feed the graph too', () => {
    const { graph, out } = start([...cluster.slice(1), node(ME, {}, { rack: 'r1' })]);
    expect(out.identity.at(-1)?.ipv4).to.equal(undefined);
    expect(out.bgp.at(-1)?.peers).to.deep.equal([]);
    graph.setAutodetected({ ipv4: { cidr: '10.0.1.9/24', method: 'first-found' } });
    expect(out.identity.at(-1)?.ipv4).to.deep.include({
      address: '10.0.1.9',
      source: 'autodetected',
      method: 'first-found',
    });
    expect(out.bgp.at(-1)?.peers.map((p) => p.localAddress)).to.deep.equal([
      '10.0.1.9',
      '10.0.1.9',
      '10.0.1.9',
    ]);
    // Now n3 shares our subnet (CrossSubnet: native) and n2 does not (VXLAN).
    expect(out.remote.at(-1)?.routes.map((r) => `${r.node} ${r.encapsulation}`)).to.deep.equal([
      'n2 vxlan',
      'n3 native',
    ]);
    const counts = out.counts();
    graph.onServiceUpdate({
      namespace: 'web',
      name: 'api',
      clusterIPs: ['10.96.0.20'],
      externalIPs: [],
      loadBalancerIPs: [],
      externalTrafficPolicy: 'Local',
      hasLocalEndpoint: true,
    });
    expect(out.originated.at(-1)?.services).to.deep.equal(['10.96.0.0/12', '10.96.0.20/32']);
    expect(out.counts()).to.deep.equal({ ...counts, originated: counts.originated + 1 });
    graph.onServiceRemove('web', 'api');
    expect(out.originated.at(-1)?.services).to.deep.equal(['10.96.0.0/12']);
  });

  it('reaches the same state whatever the order and batching of events (property)', () => {
    // Versions of each resource; an event sets one version or deletes the resource.
    const versions: AnyResource[][] = [
      [
        cluster[0] as AnyResource,
        node(ME, { bgp: { ipv4Address: '10.0.0.1/24', routeReflectorClusterID: '1.1.1.1' } }, { rack: 'r1' }),
      ],
      [
        cluster[1] as AnyResource,
        node('n2', { bgp: { ipv4Address: '10.0.1.2/24', asNumber: 65002 } }, { rack: 'r2' }),
      ],
      [cluster[2] as AnyResource],
      [cluster[3] as AnyResource, bgpConfiguration('default', { nodeToNodeMeshEnabled: false })],
      [
        cluster[4] as AnyResource,
        bgpPeer('tor-r1', { peerIP: '10.0.0.253', asNumber: 65101, nodeSelector: "rack == 'r1'" }),
      ],
      [bgpPeer('all', { peerSelector: 'all()' })],
      [cluster[5] as AnyResource, pool('default', '10.65.0.0/16', { encapsulation: { type: 'IPIP' } })],
      [cluster[6] as AnyResource],
      [cluster[7] as AnyResource, block('10.65.0.64/26', ME)],
      [cluster[8] as AnyResource],
      [cluster[10] as AnyResource, endpoint('web', 'front', ME, '10.65.0.140', { app: 'front' })],
      [cluster[11] as AnyResource],
      [cluster[12] as AnyResource],
    ];
    const event = fc.record({
      resource: fc.nat({ max: versions.length - 1 }),
      version: fc.nat({ max: 1 }),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.nat(), (events, seed) => {
        // Graph A: empty snapshot, then every event as its own delta.
        const a = start([]);
        const final = new Map<number, AnyResource>();
        for (const { resource, version, remove } of events) {
          const choices = versions[resource] as AnyResource[];
          const item = choices[version % choices.length] as AnyResource;
          if (remove && final.has(resource)) {
            a.graph.onUpdates([deleted(final.get(resource) as AnyResource)]);
            final.delete(resource);
          } else if (!remove) {
            a.graph.onUpdates([set(item)]);
            final.set(resource, item);
          }
        }
        // Graph B: the final state as a snapshot, in a shuffled order.
        const items = [...final.values()];
        const shuffled = items
          .map((item, i) => ({ item, key: (seed * 7919 + i * 104729) % 1000003 }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.item);
        const b = start(shuffled);
        expect(canonicalJson(a.out.latest())).to.equal(canonicalJson(b.out.latest()));
      }),
      { numRuns: 150 },
    );
  });
});
