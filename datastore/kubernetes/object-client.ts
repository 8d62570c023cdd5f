import type { ApiResource } from './api-resources.js';
import type { KubeObject } from './convert.js';

export interface ListPage {
  readonly items: KubeObject[];
  /** The collection's resourceVersion: the snapshot the page comes from. */
  readonly resourceVersion: string;
  readonly continueToken?: string;
}

export interface ListRequest {
  readonly namespace?: string;
  readonly limit?: number;
  readonly continueToken?: string;
}

/**
 * CRUD on one kind's objects as plain JSON, whichever API serves the kind. Errors are the client's
 * own (ApiException); the backend translates them. Watches do not go through here: they are one
 * streaming path for every kind (kubernetes-watch.ts).
 */
export interface ObjectClient {
  readonly resource: ApiResource;
  get(name: string, namespace: string | undefined): Promise<KubeObject>;
  list(request: ListRequest): Promise<ListPage>;
  create(body: KubeObject, namespace: string | undefined): Promise<KubeObject>;
  replace(body: KubeObject, namespace: string | undefined): Promise<KubeObject>;
  replaceStatus(body: KubeObject, namespace: string | undefined): Promise<KubeObject>;
  /** Deletes only while the object is still at `resourceVersion` (else 409 Conflict). */
  delete(name: string, namespace: string | undefined, resourceVersion: string): Promise<void>;
}

export interface RawList {
  items?: KubeObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

export function listPage(raw: RawList): ListPage {
  const token = raw.metadata?.continue;
  return {
    items: raw.items ?? [],
    resourceVersion: raw.metadata?.resourceVersion ?? '',
    ...(token === undefined || token === '' ? {} : { continueToken: token }),
  };
}
