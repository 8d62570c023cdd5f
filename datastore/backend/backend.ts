import type { AnyResource, ResourceByKind, ResourceKind } from '../model/index.js';
import type { Selector } from '../selector/index.js';

/**
 * The one datastore interface. Revisions are opaque strings (an etcd revision, a Kubernetes
 * resourceVersion): callers only hand them back, never compute with them.
 *
 * Every write validates first: a resource that fails validation is never stored, and the
 * ValidationError names each offending field path.
 */
export interface Backend {
  /** NOT_FOUND if absent. */
  get<K extends ResourceKind>(kind: K, name: string, namespace?: string): Promise<ResourceByKind[K]>;
  /** A consistent snapshot; `revision` is where a watch continues from without a gap. */
  list<K extends ResourceKind>(kind: K, options?: ListOptions): Promise<ListResult<ResourceByKind[K]>>;
  /** ALREADY_EXISTS if the name is taken. Fills uid, creationTimestamp and resourceVersion. */
  create<R extends AnyResource>(resource: R): Promise<R>;
  /**
   * Compare-and-swap: `metadata.resourceVersion` must be the stored one, else CONFLICT (re-read, retry).
   * NOT_FOUND if the object is gone.
   */
  update<R extends AnyResource>(resource: R): Promise<R>;
  /** Returns the deleted object. With `resourceVersion`, deletes only that version (else CONFLICT). */
  delete<K extends ResourceKind>(kind: K, name: string, options?: DeleteOptions): Promise<ResourceByKind[K]>;
  /**
   * Changes to one kind after `fromRevision` (a list's revision), in revision order. If that history is
   * gone (compacted), the stream delivers one `resync-needed` event and ends: list again and watch
   * from the new revision.
   */
  watch<K extends ResourceKind>(kind: K, options?: WatchOptions): Watch<ResourceByKind[K]>;
  close(): Promise<void>;
}

export interface ListOptions {
  readonly namespace?: string;
  /** A Calico-style selector text or a parsed Selector, matched against metadata.labels. */
  readonly selector?: string | Selector;
}

export interface ListResult<R> {
  readonly items: R[];
  readonly revision: string;
}

export interface DeleteOptions {
  readonly namespace?: string;
  readonly resourceVersion?: string;
}

export interface WatchOptions {
  readonly namespace?: string;
  /** Deliver changes after this revision; absent means changes from now on. */
  readonly fromRevision?: string;
}

export type WatchEvent<R> =
  | { readonly type: 'added' | 'modified'; readonly revision: string; readonly resource: R }
  /** `resource` is the last stored state; its resourceVersion is the last stored one (etcd, memory) or the
   *  deletion's (Kubernetes). */
  | { readonly type: 'deleted'; readonly revision: string; readonly resource: R }
  | { readonly type: 'resync-needed'; readonly reason: ResyncReason; readonly message: string };

/** `compacted`: the history asked for is gone; `watch-lost`: the stream broke in a way we cannot resume. */
export type ResyncReason = 'compacted' | 'watch-lost';

/** An ordered stream of events; iterate with `for await`. close() ends it (iteration then finishes). */
export interface Watch<R> extends AsyncIterable<WatchEvent<R>> {
  close(): void;
}
