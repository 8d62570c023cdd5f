import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { KubeObject } from '../convert.js';
import { badRequest, expired, notFound, status, type StatusAnswer } from './status.js';

interface SecretEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly revision: number;
  readonly object: KubeObject;
}

type Answer =
  | { readonly ok: true; readonly object: unknown }
  | { readonly ok: false; readonly status: StatusAnswer }
  | { readonly ok: 'streaming' };

/**
 * Core v1 Secrets: GET of one, list and watch of a namespace's Secrets (twill-node reads its BGP
 * passwords this way). Tests put Secrets in place with `put()`/`delete()` as an operator would create
 * them; writes through the API are refused (405). They have their own revision counter and history, apart
 * from the object store (a real server shares one etcd revision; nothing in Twill compares the two).
 * `data` values are base64, as the API serves them; `stringData` given to `put()` is encoded the way
 * the API server's write path does it.
 */
export class SecretStore {
  private readonly secrets = new Map<string, KubeObject>();
  private readonly history: SecretEvent[] = [];
  private readonly watchers = new Set<{ namespace: string; response: ServerResponse }>();
  private revision = 1;

  put(secret: KubeObject & { stringData?: Record<string, string>; data?: Record<string, string> }): void {
    const namespace = secret.metadata?.namespace ?? '';
    const name = secret.metadata?.name ?? '';
    if (namespace === '' || name === '')
      throw new Error('a stand-in Secret needs metadata.namespace and metadata.name');
    const id = `${namespace}/${name}`;
    const before = this.secrets.get(id);
    const data: Record<string, string> = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(secret.stringData ?? {}))
      data[k] = Buffer.from(v, 'utf8').toString('base64');
    const stored: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        ...structuredClone(secret.metadata),
        uid: (before?.metadata?.uid as string | undefined) ?? randomUUID(),
        resourceVersion: String(++this.revision),
      },
      data,
    };
    this.secrets.set(id, stored);
    this.emit({ type: before === undefined ? 'ADDED' : 'MODIFIED', revision: this.revision, object: stored });
  }

  delete(namespace: string, name: string): void {
    const before = this.secrets.get(`${namespace}/${name}`);
    if (before === undefined) return;
    this.secrets.delete(`${namespace}/${name}`);
    const object = { ...before, metadata: { ...before.metadata, resourceVersion: String(++this.revision) } };
    this.emit({ type: 'DELETED', revision: this.revision, object });
  }

  /** Ends every open Secret watch (as a server timeout does). */
  endWatches(): void {
    for (const w of [...this.watchers]) w.response.end();
    this.watchers.clear();
  }

  answer(
    method: string,
    path: SecretPath,
    query: Readonly<Record<string, string>>,
    response: ServerResponse,
  ): Answer {
    if (method !== 'GET')
      return { ok: false, status: status(405, 'MethodNotAllowed', 'the stand-in serves Secrets read-only') };
    if (path.name !== undefined) {
      const secret = this.secrets.get(`${path.namespace}/${path.name}`);
      return secret === undefined
        ? { ok: false, status: notFound(`secrets ${JSON.stringify(path.name)}`) }
        : { ok: true, object: structuredClone(secret) };
    }
    if (query.watch === 'true' || query.watch === '1') return this.watch(path.namespace, query, response);
    const items = [...this.secrets.values()].filter((s) => s.metadata?.namespace === path.namespace);
    return {
      ok: true,
      object: {
        apiVersion: 'v1',
        kind: 'SecretList',
        metadata: { resourceVersion: String(this.revision) },
        items,
      },
    };
  }

  private watch(
    namespace: string,
    query: Readonly<Record<string, string>>,
    response: ServerResponse,
  ): Answer {
    const from = Number(query.resourceVersion ?? '');
    if (query.resourceVersion === undefined || !Number.isSafeInteger(from) || from <= 0)
      return {
        ok: false,
        status: badRequest('the stand-in implements watch only from a given resourceVersion'),
      };
    if (from > this.revision)
      return { ok: false, status: expired(`resourceVersion ${from} is in the future`) };
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.flushHeaders();
    for (const e of this.history)
      if (e.revision > from && e.object.metadata?.namespace === namespace) write(response, e);
    const watcher = { namespace, response };
    this.watchers.add(watcher);
    response.once('close', () => this.watchers.delete(watcher));
    return { ok: 'streaming' };
  }

  private emit(event: SecretEvent): void {
    this.history.push(event);
    for (const w of this.watchers)
      if (w.namespace === event.object.metadata?.namespace) write(w.response, event);
  }
}

function write(response: ServerResponse, event: SecretEvent): void {
  response.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
}

export interface SecretPath {
  readonly namespace: string;
  readonly name?: string;
}

/** `/api/v1/namespaces/<ns>/secrets[/<name>]`. */
export function parseSecretPath(pathname: string): SecretPath | undefined {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  const [api, version, namespaces, namespace, secrets, name, ...rest] = parts;
  if (api !== 'api' || version !== 'v1' || namespaces !== 'namespaces' || secrets !== 'secrets')
    return undefined;
  if (namespace === undefined || rest.length > 0) return undefined;
  return name === undefined ? { namespace } : { namespace, name };
}
