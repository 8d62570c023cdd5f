// Events for ignored resources, end to end against the stand-in API server: an invalid IPPool written
// straight to the API (as kubectl without Twill's validation would) → Syncer over the Kubernetes
// backend → ValidatingConsumer → the Event recorder wired by startKubernetesExtras → core/v1 Events.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import { Syncer } from '../../../datastore/index.js';
import {
  fetchAs,
  startStandInBackend,
  type StandInHarness,
} from '../../../datastore/kubernetes/testing/stand-in-harness.js';
import { waitFor } from '../../../lab/wait.js';
import { loadNodeConfig, type NodeConfig } from '../config/index.js';
import { ValidatingConsumer } from '../runtime/validating-consumer.js';
import type { EventObject } from './event-recorder.js';
import { kubernetesApiConnection } from './kubernetes-api-connection.js';
import { startKubernetesExtras, type KubernetesExtras } from './kubernetes-extras.js';
import { wireKubernetesApi } from './wire-kubernetes-api.js';

const POOLS = '/apis/twill.dev/v1/ippools';
const EVENTS = '/api/v1/namespaces/default/events';
const BURST = 3;

interface StoredPool {
  metadata: { name: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

describe('Kubernetes Events for ignored resources (stand-in API server)', function () {
  this.timeout(30_000);
  let harness: StandInHarness;
  let tmp: string;
  let syncer: Syncer | undefined;
  let extras: KubernetesExtras | undefined;
  let rejections: number;

  const config = (yaml: string): NodeConfig =>
    loadNodeConfig({ file: { path: '/etc/twill/node.yaml', text: `nodeName: n1\n${yaml}` }, env: {} }).config;
  const events = async (): Promise<EventObject[]> => {
    const response = await fetchAs(harness, 'GET', EVENTS);
    return ((await response.json()) as { items: EventObject[] }).items;
  };
  const eventWrites = (): number =>
    harness.standIn.requests.filter((r) => r.path.startsWith(EVENTS) && r.method !== 'GET').length;
  const writePool = async (method: 'POST' | 'PUT', body: unknown, name = ''): Promise<StoredPool> => {
    const response = await fetchAs(harness, method, `${POOLS}${name === '' ? '' : `/${name}`}`, body);
    expect(response.status).to.be.lessThan(300);
    return (await response.json()) as StoredPool;
  };

  beforeEach(async () => {
    harness = await startStandInBackend();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-kube-events-'));
    const kubeconfig = path.join(tmp, 'kubeconfig');
    writeFileSync(kubeconfig, harness.standIn.kubeconfig());
    const node = config(
      [
        `datastore: { type: kubernetes, kubernetes: { kubeconfig: ${kubeconfig} } }`,
        `kubernetesApi: { services: false, eventBurst: ${BURST}, eventRefillIntervalSec: 1 }`,
      ].join('\n'),
    );
    const log = new MemoryLogger();
    rejections = 0;
    const consumer = new ValidatingConsumer({ onStatus: () => {}, onUpdates: () => {} }, log);
    consumer.rejectionListeners.add(() => rejections++);
    const connection = kubernetesApiConnection(node);
    if (connection.kind === 'off') throw new Error('expected a connection');
    extras = startKubernetesExtras(
      node,
      connection,
      {
        applyServiceChanges: () => {},
        onRejectedResource: (listener) => consumer.rejectionListeners.add(listener),
      },
      log,
    );
    syncer = new Syncer({ backend: harness.backend, kinds: ['IPPool'], consumer, log });
    syncer.start();
  });
  afterEach(async () => {
    extras?.close();
    await syncer?.stop();
    await harness.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('writes one Warning Event naming the object and the field path, and raises its count on a repeat', async () => {
    const bad = {
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      metadata: { name: 'pods' },
      spec: { cidr: '10.244.0.0/99' },
    };
    const stored = await writePool('POST', bad);
    const [event] = await waitFor(
      'the Event',
      async () => {
        const items = await events();
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(event?.involvedObject).to.deep.include({
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      name: 'pods',
      uid: stored.metadata.uid,
    });
    expect(event).to.deep.include({ reason: 'InvalidResource', type: 'Warning', count: 1 });
    expect(event?.message).to.contain('spec.cidr');
    expect(event?.source).to.deep.equal({ component: 'twill-node', host: 'n1' });
    expect(event?.reportingComponent).to.equal('twill-node');
    // Still invalid after an edit: the same Event, count 2.
    await writePool(
      'PUT',
      { ...stored, metadata: { ...stored.metadata, labels: { edited: 'yes' } } },
      'pods',
    );
    const again = await waitFor(
      'count 2',
      async () => {
        const items = await events();
        return items[0]?.count === 2 ? items : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(again).to.have.length(1);
    expect(again[0]?.metadata.name).to.equal(event?.metadata.name);
  });

  it('a storm of repeats makes one Event, few writes, and the right count in the end', async () => {
    const bad = {
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      metadata: { name: 'pods' },
      spec: { cidr: '10.244.0.0/99' },
    };
    let stored = await writePool('POST', bad);
    const startedMs = Date.now();
    for (let i = 0; i < 30; i++)
      stored = await writePool(
        'PUT',
        { ...stored, metadata: { ...stored.metadata, labels: { round: String(i) } } },
        'pods',
      );
    await waitFor('every rejection seen', () => Promise.resolve(rejections >= 31 ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const elapsedSec = (Date.now() - startedMs) / 1000;
    // Burst, then at most one write per second of refill (and one for a write already in flight).
    expect(eventWrites()).to.be.at.most(BURST + Math.ceil(elapsedSec) + 1);
    const final = await waitFor(
      'the count to catch up',
      async () => {
        const items = await events();
        return items[0]?.count === rejections ? items : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(final).to.have.length(1);
    expect(eventWrites()).to.be.lessThan(rejections);
  });
});

describe('Kubernetes API off', () => {
  it('logs that per-service /32s and Events are off, and why', async () => {
    const log = new MemoryLogger();
    const node = loadNodeConfig({
      file: {
        path: '/x.yaml',
        text: 'nodeName: n1\ndatastore: { type: etcd, etcd: { endpoints: [http://127.0.0.1:2379] } }',
      },
      env: {},
    }).config;
    const wired = await wireKubernetesApi(node, {} as never, log);
    wired.close();
    const line = log.entries.find((e) => e.msg.startsWith('Kubernetes API off'));
    expect(line?.msg).to.contain('no per-service /32s').and.contain('no Events');
    expect(line?.fields['why']).to.equal('kubernetesApi.kubeconfig is empty and datastore.type is etcd');
  });
});
