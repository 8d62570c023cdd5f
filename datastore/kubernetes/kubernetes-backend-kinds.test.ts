import { expect } from 'chai';

import { errorCode } from '../../common/index.js';
import type { Namespace, NetworkPolicy, Node } from '../model/index.js';
import { ipPool } from '../testing/fixtures.js';
import { takeEvents } from '../testing/watch-helpers.js';
import { apiResource } from './api-resources.js';
import { fetchAs, startStandInBackend, type StandInHarness } from './testing/stand-in-harness.js';

const namespace = (name: string, labels: Record<string, string> = {}): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
  spec: {},
});

const policy = (ns: string, name: string): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: {
    podSelector: { matchLabels: { app: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
  },
});

const node = (name: string, withStatus: boolean): Node => ({
  apiVersion: 'twill.dev/v1',
  kind: 'Node',
  metadata: { name },
  spec: { bgp: { ipv4Address: '192.0.2.10/24' } },
  ...(withStatus ? { status: { podCIDRs: ['10.65.0.0/26'] } } : {}),
});

function writes(harness: StandInHarness): string[] {
  return harness.standIn.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

describe('KubernetesBackend kinds and writes over the stand-in', function () {
  this.timeout(10_000);
  let harness: StandInHarness;
  beforeEach(async () => {
    harness = await startStandInBackend({ pageSize: 2 });
  });
  afterEach(async () => harness.close());

  it('reads and writes Namespaces through the core/v1 API, with what the server adds', async () => {
    const { backend } = harness;
    const created = await backend.create(namespace('team-a', { tier: 'gold' }));
    expect(writes(harness)).to.deep.equal(['POST /api/v1/namespaces']);
    expect(created.metadata.labels).to.deep.equal({ tier: 'gold', 'kubernetes.io/metadata.name': 'team-a' });
    expect(created.status).to.deep.equal({ phase: 'Active' });
    const updated = await backend.update({
      ...created,
      metadata: { ...created.metadata, labels: { tier: 'iron' } },
    });
    expect(updated.metadata.labels).to.deep.equal({ tier: 'iron' });
    expect((await backend.list('Namespace', { selector: "tier == 'iron'" })).items).to.deep.equal([updated]);
    expect(await backend.delete('Namespace', 'team-a')).to.deep.equal(updated);
    expect(writes(harness).slice(1)).to.deep.equal([
      'PUT /api/v1/namespaces/team-a',
      'DELETE /api/v1/namespaces/team-a',
    ]);
  });

  it('reads, writes and watches NetworkPolicies through networking.k8s.io/v1 without losing fields', async () => {
    const { backend } = harness;
    const { revision } = await backend.list('NetworkPolicy');
    const watch = backend.watch('NetworkPolicy', { fromRevision: revision });
    try {
      const created = await backend.create(policy('shop', 'db'));
      expect(writes(harness)).to.deep.equal([
        'POST /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies',
      ]);
      // `from` is `_from` in the typed client: it must survive both directions.
      expect(created.spec).to.deep.equal(policy('shop', 'db').spec);
      expect(await backend.get('NetworkPolicy', 'db', 'shop')).to.deep.equal(created);
      const [event] = await takeEvents(watch, 1);
      expect(event?.type === 'added' && event.resource).to.deep.equal(created);
    } finally {
      watch.close();
    }
  });

  it('writes a Node status through the status subresource, and spec alone through the object', async () => {
    const { backend, standIn } = harness;
    const created = await backend.create(node('n1', true));
    expect(created.status).to.deep.equal({ podCIDRs: ['10.65.0.0/26'] });
    expect(writes(harness)).to.deep.equal([
      'POST /apis/twill.dev/v1/nodes',
      'PUT /apis/twill.dev/v1/nodes/n1/status',
    ]);
    const respec = await backend.update({ ...created, spec: { bgp: { ipv4Address: '192.0.2.11/24' } } });
    expect(respec.status, 'a spec write keeps the status').to.deep.equal(created.status);
    const restatus = await backend.update({ ...respec, status: { podCIDRs: ['10.65.0.64/26'] } });
    expect(restatus.spec).to.deep.equal(respec.spec);
    expect(writes(harness).slice(2)).to.deep.equal([
      'PUT /apis/twill.dev/v1/nodes/n1',
      'PUT /apis/twill.dev/v1/nodes/n1/status',
    ]);
    expect(standIn.store.currentRevision).to.equal(Number(restatus.metadata.resourceVersion));
  });

  it('sends nothing for an invalid create or update', async () => {
    const { backend } = harness;
    const stored = await backend.create(ipPool('p', '10.1.0.0/16'));
    const before = writes(harness).length;
    expect(errorCode(await backend.create(ipPool('bad', '10.1.0.1/16')).catch((e: unknown) => e))).to.equal(
      'INVALID_RESOURCE',
    );
    const immutable = await backend
      .update({ ...stored, spec: { ...stored.spec, cidr: '10.2.0.0/16' } })
      .catch((e: unknown) => e);
    expect(errorCode(immutable)).to.equal('INVALID_RESOURCE');
    expect(writes(harness)).to.have.length(before);
  });

  it('keeps metadata Twill does not model (finalizers, ownerReferences) across its updates', async () => {
    const { backend, standIn } = harness;
    const created = await backend.create(ipPool('p', '10.1.0.0/16'));
    const raw = standIn.store.get({ resource: apiResource('IPPool'), name: 'p' });
    if (!raw.ok) throw new Error('stored object missing');
    const extra = {
      finalizers: ['example.com/hold'],
      ownerReferences: [{ kind: 'X', name: 'owner', uid: 'u', apiVersion: 'v1' }],
    };
    const put = await fetchAs(harness, 'PUT', '/apis/twill.dev/v1/ippools/p', {
      ...raw.object,
      metadata: { ...raw.object.metadata, ...extra },
    });
    expect(put.status).to.equal(200);
    const current = await backend.get('IPPool', 'p');
    await backend.update({ ...current, spec: { ...created.spec, natOutgoing: true } });
    const after = standIn.store.get({ resource: apiResource('IPPool'), name: 'p' });
    expect(after.ok && after.object.metadata).to.deep.include(extra);
  });

  it('lists in pages from one snapshot', async () => {
    const { backend, standIn } = harness;
    for (let i = 1; i <= 5; i++) await backend.create(ipPool(`p${i}`, `10.${i}.0.0/16`));
    const listed = await backend.list('IPPool');
    expect(listed.items.map((p) => p.metadata.name)).to.deep.equal(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(listed.revision).to.equal(String(standIn.store.currentRevision));
    const pages = standIn.requests.filter(
      (r) => r.method === 'GET' && r.path === '/apis/twill.dev/v1/ippools',
    );
    expect(pages.map((r) => r.query.continue === undefined)).to.deep.equal([true, false, false]);
  });
});
