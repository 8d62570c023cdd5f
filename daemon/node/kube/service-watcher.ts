// Lists and watches core/v1 Services and discovery.k8s.io/v1 EndpointSlices of all namespaces through
// the Kubernetes API, keeps them in a ServiceIndex and hands the coalesced ServiceInput changes to a
// sink (the node runtime → calculation graph → speaker). The watch is datastore/kubernetes'
// kubernetesWatch (bookmarks, resume, 410 → re-list); a stream that ends for good is re-listed after a
// delay, so a long API outage just keeps the last picture (nothing is withdrawn meanwhile).
import { CoreV1Api, DiscoveryV1Api, type KubeConfig } from '@kubernetes/client-node';

import { errorMessage, type Logger } from '../../../common/index.js';
import type { WatchEvent } from '../../../datastore/index.js';
import { kubernetesWatch, toJson, type KubeObject } from '../../../datastore/kubernetes/index.js';
import { ServiceIndex, type ServiceChange } from './service-index.js';
import type { KubeEndpointSlice, KubeService } from './service-input.js';

export interface ServiceWatcherOptions {
  readonly kubeConfig: KubeConfig;
  readonly nodeName: string;
  /** Changes within this window after the first one are handed over together. */
  readonly coalesceMs: number;
  readonly retryDelayMs?: number;
  readonly log: Logger;
  readonly onChanges: (changes: readonly ServiceChange[]) => void;
}

export interface ServiceWatcherStatus {
  readonly synced: boolean;
  readonly services: number;
  readonly relists: number;
  readonly lastError?: string;
}

const PAGE = 500;
const SERVICES_PATH = '/api/v1/services';
const SLICES_PATH = '/apis/discovery.k8s.io/v1/endpointslices';

export class ServiceWatcher {
  private readonly index: ServiceIndex;
  private readonly core: CoreV1Api;
  private readonly discovery: DiscoveryV1Api;
  private readonly closers: (() => void)[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private synced = false;
  private relists = 0;
  private lastError: string | undefined;
  /** Bumped on every (re-)list: events of an older generation's watches are dropped. */
  private generation = 0;

  constructor(private readonly options: ServiceWatcherOptions) {
    this.index = new ServiceIndex(options.nodeName);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.discovery = options.kubeConfig.makeApiClient(DiscoveryV1Api);
  }

  start(): void {
    void this.list();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.relistTimer);
    this.closeWatches();
  }

  status(): ServiceWatcherStatus {
    return {
      synced: this.synced,
      services: this.index.inputs().length,
      relists: this.relists,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  private async list(): Promise<void> {
    const generation = ++this.generation;
    this.closeWatches();
    try {
      const services = await this.listAll((token) =>
        this.core
          .listServiceForAllNamespaces({ limit: PAGE, _continue: token })
          .then((list) => toJson(list, 'V1ServiceList')),
      );
      const slices = await this.listAll((token) =>
        this.discovery
          .listEndpointSliceForAllNamespaces({ limit: PAGE, _continue: token })
          .then((list) => toJson(list, 'V1EndpointSliceList')),
      );
      if (this.stopped || generation !== this.generation) return;
      this.index.replaceAll(services.items as KubeService[], slices.items as KubeEndpointSlice[]);
      this.synced = true;
      this.lastError = undefined;
      this.options.log.info('services listed', {
        services: services.items.length,
        endpointSlices: slices.items.length,
      });
      this.flush();
      this.watch(generation, SERVICES_PATH, services.resourceVersion, (event) =>
        event.type === 'deleted'
          ? this.index.deleteService(event.resource as KubeService)
          : this.index.setService(event.resource as KubeService),
      );
      this.watch(generation, SLICES_PATH, slices.resourceVersion, (event) =>
        event.type === 'deleted'
          ? this.index.deleteSlice(event.resource as KubeEndpointSlice)
          : this.index.setSlice(event.resource as KubeEndpointSlice),
      );
    } catch (error) {
      this.relistLater(generation, `listing services failed: ${errorMessage(error)}`);
    }
  }

  private async listAll(
    page: (token: string | undefined) => Promise<KubeObject>,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const raw = (await page(token)) as {
        items?: KubeObject[];
        metadata?: { resourceVersion?: string; continue?: string };
      };
      if (token === undefined) resourceVersion = raw.metadata?.resourceVersion ?? '';
      items.push(...(raw.items ?? []));
      token = raw.metadata?.continue === '' ? undefined : raw.metadata?.continue;
    } while (token !== undefined);
    return { items, resourceVersion };
  }

  private watch(
    generation: number,
    path: string,
    from: string,
    apply: (event: { type: 'added' | 'modified' | 'deleted'; resource: KubeObject }) => void,
  ): void {
    const queue = kubernetesWatch<KubeObject>(
      {
        config: this.options.kubeConfig,
        path,
        startFrom: () => Promise.resolve(from),
        convert: (object) => object,
        retryDelayMs: this.options.retryDelayMs ?? 1000,
        maxRetries: 5,
      },
      () => {},
    );
    this.closers.push(() => queue.close());
    void (async () => {
      for await (const event of queue as AsyncIterable<WatchEvent<KubeObject>>) {
        if (this.stopped || generation !== this.generation) return;
        if (event.type === 'resync-needed') {
          this.relistLater(generation, `${path}: ${event.message}`);
          return;
        }
        apply(event);
        this.scheduleFlush();
      }
    })();
  }

  private relistLater(generation: number, why: string): void {
    if (this.stopped || generation !== this.generation) return;
    this.generation++;
    this.closeWatches();
    this.lastError = why;
    this.relists++;
    const delayMs = this.options.retryDelayMs ?? 1000;
    this.options.log.warn('service watch lost; re-listing (the last picture stays meanwhile)', {
      reason: why,
      retryInMs: delayMs,
    });
    this.relistTimer = setTimeout(() => void this.list(), delayMs);
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || !this.index.pending) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, this.options.coalesceMs);
  }

  private flush(): void {
    if (this.stopped) return;
    const changes = this.index.take();
    if (changes.length > 0) this.options.onChanges(changes);
  }

  private closeWatches(): void {
    for (const close of this.closers.splice(0)) close();
  }
}
