// The Service/EndpointSlice watcher against the stand-in API server (real HTTP lists and watches).
import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import {
  fetchAs,
  startStandInBackend,
  type StandInHarness,
} from '../../../datastore/kubernetes/testing/stand-in-harness.js';
import { waitFor } from '../../../lab/wait.js';
import type { ServiceInput } from '../calc/index.js';
import type { ServiceChange } from './service-index.js';
import { ServiceWatcher } from './service-watcher.js';
import { endpointSlice, kubeService, type EndpointShape } from './testing-objects.js';

const SERVICES = '/api/v1/namespaces/web/services';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/web/endpointslices';
const LB = '198.51.100.10';

describe('ServiceWatcher (against the stand-in API server)', function () {
  this.timeout(20_000);
  let harness: StandInHarness;
  let watcher: ServiceWatcher | undefined;
  let calls: ServiceChange[][];
  /** What the graph would hold: the latest input per service. */
  let state: Map<string, ServiceInput>;

  const startWatcher = (coalesceMs = 50, retryDelayMs = 300): ServiceWatcher => {
    watcher = new ServiceWatcher({
      kubeConfig: harness.kubeConfig,
      nodeName: 'n1',
      coalesceMs,
      retryDelayMs,
      log: new MemoryLogger(),
      onChanges: (changes) => {
        calls.push([...changes]);
        for (const c of changes)
          if (c.type === 'update') state.set(`${c.input.namespace}/${c.input.name}`, c.input);
          else state.delete(`${c.namespace}/${c.name}`);
      },
    });
    watcher.start();
    return watcher;
  };
  const until = <T>(what: string, probe: () => T | undefined): Promise<T> =>
    waitFor(what, () => Promise.resolve(probe()), {
      timeoutMs: 10_000,
      intervalMs: 20,
      describeLast: () => JSON.stringify([...state.values()]),
    });
  const write = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ metadata: { resourceVersion: string } }> => {
    const response = await fetchAs(harness, method, path, body);
    expect(response.status, `${method} ${path}`).to.be.lessThan(300);
    return (await response.json()) as { metadata: { resourceVersion: string } };
  };
  /** A LoadBalancer Service as a controller finishes it: created, then its ingress IP through /status. */
  const createLoadBalancer = async (name: string, local: boolean): Promise<void> => {
    const service = kubeService('web', name, { loadBalancerIPs: [LB], local });
    const { status, ...withoutStatus } = service;
    const created = await write('POST', SERVICES, withoutStatus);
    await write('PUT', `${SERVICES}/${name}/status`, { ...created, status });
  };
  const putSlice = async (name: string, service: string, endpoints: EndpointShape[]): Promise<void> => {
    const got = await fetchAs(harness, 'GET', `${SLICES}/${name}`);
    const body = endpointSlice('web', name, service, endpoints);
    if (got.status === 404) await write('POST', SLICES, body);
    else {
      const current = (await got.json()) as { metadata: { resourceVersion: string } };
      await write('PUT', `${SLICES}/${name}`, {
        ...body,
        metadata: { ...body.metadata, resourceVersion: current.metadata.resourceVersion },
      });
    }
  };

  beforeEach(async () => {
    harness = await startStandInBackend();
    calls = [];
    state = new Map();
  });
  afterEach(async () => {
    watcher?.stop();
    watcher = undefined;
    await harness.close();
  });

  it('lists what exists at start: an ETP-Local LoadBalancer with a ready endpoint on this node', async () => {
    await createLoadBalancer('front', true);
    await putSlice('front-a', 'front', [{ address: '10.244.1.5', nodeName: 'n1', ready: true }]);
    startWatcher();
    const front = await until('web/front', () => state.get('web/front'));
    expect(front).to.deep.equal({
      namespace: 'web',
      name: 'front',
      clusterIPs: ['10.96.0.10'],
      externalIPs: [],
      loadBalancerIPs: [LB],
      externalTrafficPolicy: 'Local',
      hasLocalEndpoint: true,
    });
    expect(watcher?.status()).to.include({ synced: true, services: 1 });
  });

  it('follows watch events: endpoint moves away and back, a Cluster service, a deletion', async () => {
    startWatcher();
    await until('the first list', () => (watcher?.status().synced === true ? true : undefined));
    await createLoadBalancer('front', true);
    await until('front without a local endpoint', () =>
      state.get('web/front')?.loadBalancerIPs.length === 1 ? true : undefined,
    );
    expect(state.get('web/front')?.hasLocalEndpoint).to.equal(false);
    await putSlice('front-a', 'front', [{ address: '10.244.1.5', nodeName: 'n1' }]);
    await until('local endpoint', () =>
      state.get('web/front')?.hasLocalEndpoint === true ? true : undefined,
    );
    await putSlice('front-a', 'front', [{ address: '10.244.2.5', nodeName: 'n2' }]);
    await until('endpoint moved to n2', () =>
      state.get('web/front')?.hasLocalEndpoint === false ? true : undefined,
    );
    await createLoadBalancer('shared', false);
    const shared = await until('web/shared', () =>
      state.get('web/shared')?.loadBalancerIPs.length === 1 ? state.get('web/shared') : undefined,
    );
    expect(shared.externalTrafficPolicy).to.equal('Cluster');
    await write('DELETE', `${SERVICES}/front`);
    await until('web/front removed', () => (state.has('web/front') ? undefined : true));
    expect(state.has('web/shared')).to.equal(true);
  });

  it('coalesces a burst of endpoint changes into few hand-overs with the final state', async () => {
    await createLoadBalancer('front', true);
    startWatcher(400);
    await until('web/front', () => state.get('web/front'));
    const before = calls.length;
    // 21 flips of readiness: each alone would change the input; the last leaves it ready.
    for (let i = 0; i < 21; i++)
      await putSlice('front-a', 'front', [{ address: '10.244.1.5', nodeName: 'n1', ready: i % 2 === 0 }]);
    await until('the final state', () =>
      state.get('web/front')?.hasLocalEndpoint === true ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // let a last window close
    expect(state.get('web/front')?.hasLocalEndpoint).to.equal(true);
    expect(calls.length - before).to.be.within(1, 10);
  });

  it('re-lists after its watch resumes into compacted history, and removes what went meanwhile', async () => {
    await createLoadBalancer('front', true);
    await createLoadBalancer('gone', true);
    // The watch reconnects only after 2 s: time for the writes below on a loaded machine, so it resumes
    // into the compacted history instead of seeing the deletion live.
    startWatcher(50, 2000);
    await until('both listed and both watches open', () =>
      state.size === 2 && harness.standIn.openWatches === 2 ? true : undefined,
    );
    harness.standIn.breakWatches();
    await write('DELETE', `${SERVICES}/gone`);
    // One more write, so compaction removes the deletion from the history the watch resumes into.
    await write('POST', SERVICES, kubeService('web', 'later'));
    harness.standIn.compact();
    await until('web/gone removed', () => (state.has('web/gone') ? undefined : true));
    expect(state.has('web/front')).to.equal(true);
    expect(state.has('web/later')).to.equal(true);
    expect(watcher?.status().relists).to.be.at.least(1, 'the removal came from a re-list');
  });
});
