import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';

import { isTwillError } from '../../common/index.js';
import type {
  Backend,
  DeleteOptions,
  ListOptions,
  ListResult,
  Watch,
  WatchEvent,
  WatchOptions,
} from '../backend/backend.js';
import type { EventQueue } from '../backend/event-queue.js';
import {
  checkNamespace,
  conflict,
  prepareCreate,
  prepareUpdate,
  requireResourceVersion,
  toSelector,
} from '../backend/prepare.js';
import { DatastoreError } from '../errors.js';
import type { AnyResource, ResourceByKind, ResourceKind } from '../model/index.js';
import { apiResource, collectionPath } from './api-resources.js';
import { httpStatusOf, toDatastoreError, type ErrorSubject } from './api-errors.js';
import { createBody, replaceBody, sameJson, statusBody, toModel, type KubeObject } from './convert.js';
import { coreObjectClient } from './core-object-client.js';
import { customObjectClient } from './custom-object-client.js';
import { kubernetesWatch } from './kubernetes-watch.js';
import type { ObjectClient } from './object-client.js';

export interface KubernetesBackendOptions {
  /** Which API server and credentials (`KubeConfig.loadFromDefault()` in a pod or with KUBECONFIG). */
  readonly kubeConfig: KubeConfig;
  /** Objects per list request (`limit`); lists page with `continue` from one snapshot. Default 500. */
  readonly pageSize?: number;
  /** Wait before reconnecting a broken watch request. Default 1000 ms. */
  readonly watchRetryDelayMs?: number;
  /** Fruitless reconnects in a row before a watch ends with `resync-needed` (watch-lost). Default 5. */
  readonly watchMaxRetries?: number;
}

/** List restarts after the snapshot of a paged list expired (410 on `continue`). */
const MAX_LIST_ATTEMPTS = 3;

/**
 * The datastore on the Kubernetes API. Twill kinds are custom objects of twill.dev/v1 (CRDs in
 * deploy/kubernetes/crds/); Namespace and NetworkPolicy are read and written through the core and networking
 * APIs. resourceVersion is Kubernetes' own, used only as Kubernetes allows: handed back verbatim for
 * compare-and-swap (replace and delete preconditions: 409 Conflict → CONFLICT) and as the point a
 * watch continues from (after a list, an event or a bookmark). See README.md for what is assumed.
 *
 * Every write validates with the model's validators before anything is sent: an invalid object never
 * reaches the server.
 */
export class KubernetesBackend implements Backend {
  private readonly config: KubeConfig;
  private readonly pageSize: number;
  private readonly retryDelayMs: number;
  private readonly maxRetries: number;
  private readonly clients = new Map<ResourceKind, ObjectClient>();
  private readonly watches = new Set<EventQueue<WatchEvent<AnyResource>>>();
  private closed = false;

  constructor(options: KubernetesBackendOptions) {
    this.config = options.kubeConfig;
    this.pageSize = options.pageSize ?? 500;
    this.retryDelayMs = options.watchRetryDelayMs ?? 1000;
    this.maxRetries = options.watchMaxRetries ?? 5;
  }

  async get<K extends ResourceKind>(kind: K, name: string, namespace?: string): Promise<ResourceByKind[K]> {
    this.checkOpen();
    checkNamespace(kind, namespace, true);
    return toModel(kind, await this.read(kind, name, namespace));
  }

  async list<K extends ResourceKind>(
    kind: K,
    options: ListOptions = {},
  ): Promise<ListResult<ResourceByKind[K]>> {
    this.checkOpen();
    const namespace = checkNamespace(kind, options.namespace, false);
    // Twill's selector language is richer than Kubernetes' labelSelector (||, !in over has()...):
    // filter here, after one consistent list.
    const selector = toSelector(options.selector);
    const { items, resourceVersion } = await this.listAll(kind, namespace);
    const resources = items
      .map((item) => toModel(kind, item))
      .filter((resource) => selector === undefined || selector.matches(resource.metadata.labels));
    return { items: resources, revision: resourceVersion };
  }

  async create<R extends AnyResource>(input: R): Promise<R> {
    this.checkOpen();
    // Validates (and fills defaults); uid and creationTimestamp it stamps are not sent: the server's own.
    const resource = prepareCreate(input, () => new Date());
    const { kind, metadata } = resource;
    const client = this.client(kind);
    const subject = { kind, name: metadata.name, namespace: metadata.namespace };
    let created = await this.call('create', subject, () =>
      client.create(createBody(resource), metadata.namespace),
    );
    if (client.resource.statusSubresource && resource.status !== undefined) {
      // A create ignores status when the kind has a status subresource: a second, CAS-guarded write.
      created = await this.call('create (status)', subject, () =>
        client.replaceStatus(statusBody(resource, created), metadata.namespace),
      );
    }
    return toModel(kind, created) as R;
  }

  async update<R extends AnyResource>(input: R): Promise<R> {
    this.checkOpen();
    const expected = requireResourceVersion(input);
    const { kind, metadata } = input;
    checkNamespace(kind, metadata.namespace, true);
    const subject = { kind, name: metadata.name, namespace: metadata.namespace };
    const client = this.client(kind);
    // Read first: validation needs the stored object (immutable fields), and the replace body keeps
    // the metadata Twill does not model. The replace still carries `expected`, so a write between
    // this read and the replace loses with 409.
    const stored = await this.read(kind, metadata.name, metadata.namespace);
    const actual = stored.metadata?.resourceVersion ?? '';
    if (actual !== expected) throw conflict(kind, metadata.name, expected, actual);
    const previous = toModel(kind, stored) as R;
    const next = prepareUpdate(input, previous);
    const statusChanged = client.resource.statusSubresource && !sameJson(next.status, previous.status);
    const mainChanged = !sameJson(ownedFields(next), ownedFields(previous));
    let current = stored;
    if (mainChanged || !statusChanged) {
      current = await this.call('update', subject, () =>
        client.replace(replaceBody(next, stored, expected), metadata.namespace),
      );
    }
    if (statusChanged) {
      const body = statusBody(next, current);
      current = await this.call('update (status)', subject, () =>
        client.replaceStatus(body, metadata.namespace),
      );
    }
    return toModel(kind, current) as R;
  }

  async delete<K extends ResourceKind>(
    kind: K,
    name: string,
    options: DeleteOptions = {},
  ): Promise<ResourceByKind[K]> {
    this.checkOpen();
    const namespace = checkNamespace(kind, options.namespace, true);
    const client = this.client(kind);
    // Read, then delete with that resourceVersion as precondition: the caller gets exactly the object
    // that was deleted. Without an expected version, losing to a concurrent write just means reading again.
    for (;;) {
      const stored = await this.read(kind, name, namespace);
      const actual = stored.metadata?.resourceVersion ?? '';
      if (options.resourceVersion !== undefined && options.resourceVersion !== actual) {
        throw conflict(kind, name, options.resourceVersion, actual);
      }
      try {
        await this.call('delete', { kind, name, namespace }, () => client.delete(name, namespace, actual));
        return toModel(kind, stored);
      } catch (error) {
        if (!isTwillError(error, 'CONFLICT') || options.resourceVersion !== undefined) throw error;
      }
    }
  }

  watch<K extends ResourceKind>(kind: K, options: WatchOptions = {}): Watch<ResourceByKind[K]> {
    this.checkOpen();
    const namespace = checkNamespace(kind, options.namespace, false);
    const from = options.fromRevision;
    // Kubernetes' watch without a resourceVersion first replays every object as ADDED; "changes from
    // now on" is a watch from the current resourceVersion, which a one-item list tells.
    const startFrom =
      from !== undefined ? () => Promise.resolve(from) : () => this.currentResourceVersion(kind, namespace);
    const queue = kubernetesWatch<AnyResource>(
      {
        config: this.config,
        path: collectionPath(apiResource(kind), namespace),
        startFrom,
        convert: (object) => toModel(kind, object),
        retryDelayMs: this.retryDelayMs,
        maxRetries: this.maxRetries,
      },
      () => this.watches.delete(queue),
    );
    this.watches.add(queue);
    return queue as unknown as Watch<ResourceByKind[K]>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.watches) queue.close();
    this.watches.clear();
  }

  private async listAll(
    kind: ResourceKind,
    namespace: string | undefined,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const client = this.client(kind);
    for (let attempt = 1; ; attempt++) {
      try {
        const first = await client.list({ namespace, limit: this.pageSize });
        const items = [...first.items];
        let token = first.continueToken;
        while (token !== undefined) {
          const page = await client.list({ namespace, limit: this.pageSize, continueToken: token });
          items.push(...page.items);
          token = page.continueToken;
        }
        // Every page comes from the first page's snapshot: that is where a watch continues.
        return { items, resourceVersion: first.resourceVersion };
      } catch (error) {
        // 410 on `continue`: the snapshot was compacted mid-list. Start over for a consistent one.
        if (httpStatusOf(error) !== 410 || attempt >= MAX_LIST_ATTEMPTS) {
          throw toDatastoreError(error, 'list', { kind, namespace });
        }
      }
    }
  }

  private async currentResourceVersion(kind: ResourceKind, namespace: string | undefined): Promise<string> {
    const client = this.client(kind);
    const page = await this.call('list', { kind, namespace }, () => client.list({ namespace, limit: 1 }));
    return page.resourceVersion;
  }

  private read(kind: ResourceKind, name: string, namespace: string | undefined): Promise<KubeObject> {
    const client = this.client(kind);
    return this.call('get', { kind, name, namespace }, () => client.get(name, namespace));
  }

  private async call<T>(operation: string, subject: ErrorSubject, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toDatastoreError(error, operation, subject);
    }
  }

  private client(kind: ResourceKind): ObjectClient {
    let client = this.clients.get(kind);
    if (client === undefined) {
      const resource = apiResource(kind);
      client =
        resource.family === 'custom'
          ? customObjectClient(this.config.makeApiClient(CustomObjectsApi), resource)
          : coreObjectClient(this.config, resource);
      this.clients.set(kind, client);
    }
    return client;
  }

  private checkOpen(): void {
    if (this.closed) throw new DatastoreError('CLOSED', 'the Kubernetes backend is closed');
  }
}

/** What a write to the main resource carries (status goes through /status). */
function ownedFields(resource: AnyResource): unknown {
  const { labels, annotations } = resource.metadata;
  return { labels, annotations, spec: resource.spec };
}
