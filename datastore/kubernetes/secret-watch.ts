// The Secrets of one namespace, kept current: a list, then a watch from the list's resourceVersion; when
// the watch ends or fails (server timeout, 410, broken connection) it lists again after a delay and
// watches from there. A re-list replaces the whole picture, so nothing a broken watch missed survives.
// twill-node reads BGP passwords (RFC 2385 TCP MD5 keys, Calico's `password.secretKeyRef`) through it;
// RBAC needs get/list/watch on secrets in that namespace only.
import { CoreV1Api, Watch, type KubeConfig } from '@kubernetes/client-node';

import { errorMessage, type Logger } from '../../common/index.js';

/** What a lookup of one key finds: the value, or why not (naming the Secret and key). */
export type SecretKeyLookup = { readonly value: string } | { readonly reason: string };

export interface SecretWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly log: Logger;
  /** Wait before listing again after the watch ended or a list failed (default 2000 ms). */
  readonly retryDelayMs?: number;
}

interface RawSecret {
  metadata?: { name?: string; resourceVersion?: string };
  data?: Record<string, string>;
}

export class SecretWatch {
  /** name → key → decoded value; undefined until the first list succeeded. */
  private secrets: Map<string, Map<string, string>> | undefined;
  private lastError: string | undefined;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private stopped = false;
  private readonly api: CoreV1Api;

  constructor(private readonly options: SecretWatchOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  get namespace(): string {
    return this.options.namespace;
  }

  /** Called after every change of the picture (a list that differs, a watch event). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.relist();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
  }

  lookup(name: string, key: string): SecretKeyLookup {
    const where = `Secret ${this.options.namespace}/${name}`;
    if (this.secrets === undefined)
      return {
        reason: `password: ${where} key ${key}: ${
          this.lastError === undefined ? 'Secrets not read yet' : `Secrets not readable: ${this.lastError}`
        }`,
      };
    const secret = this.secrets.get(name);
    if (secret === undefined) return { reason: `password: ${where} not found` };
    const value = secret.get(key);
    if (value === undefined) return { reason: `password: ${where} has no key ${key}` };
    // RFC 2385 keys: Linux takes at most 80 octets (TCP_MD5SIG_MAXKEYLEN); an empty key is no key.
    const octets = Buffer.byteLength(value, 'utf8');
    if (octets === 0) return { reason: `password: ${where} key ${key} is empty` };
    if (octets > 80)
      return { reason: `password: ${where} key ${key} is ${octets} octets; TCP MD5 takes at most 80` };
    return { value };
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    try {
      const list = (await this.api.listNamespacedSecret({ namespace: this.options.namespace })) as {
        items?: RawSecret[];
        metadata?: { resourceVersion?: string };
      };
      const next = new Map<string, Map<string, string>>();
      for (const s of list.items ?? [])
        if (s.metadata?.name !== undefined) next.set(s.metadata.name, decode(s));
      const changed = this.secrets === undefined || !sameSecrets(this.secrets, next);
      this.secrets = next;
      this.lastError = undefined;
      if (changed) this.notify();
      this.watch(list.metadata?.resourceVersion ?? '');
    } catch (error) {
      const first = this.lastError === undefined;
      this.lastError = errorMessage(error);
      if (first) {
        this.options.log.warn('cannot list Secrets; retrying', {
          namespace: this.options.namespace,
          error: this.lastError,
        });
        if (this.secrets === undefined) this.notify(); // the reason in status changes
      }
      this.retry();
    }
  }

  private watch(resourceVersion: string): void {
    if (this.stopped) return;
    let settled = false;
    const done = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null)
        this.options.log.debug('Secret watch ended', {
          namespace: this.options.namespace,
          error: errorMessage(error),
        });
      this.retry();
    };
    const onEvent = (type: string, object: unknown): void => {
      const secret = object as RawSecret;
      const name = secret.metadata?.name;
      if (this.secrets === undefined || name === undefined) return;
      if (type === 'ADDED' || type === 'MODIFIED') this.secrets.set(name, decode(secret));
      else if (type === 'DELETED') this.secrets.delete(name);
      else if (type === 'ERROR') return done(new Error(`watch error: ${JSON.stringify(object)}`));
      else return;
      this.notify();
    };
    new Watch(this.options.kubeConfig)
      .watch(
        `/api/v1/namespaces/${encodeURIComponent(this.options.namespace)}/secrets`,
        { resourceVersion, allowWatchBookmarks: true },
        onEvent,
        done,
      )
      .then((controller) => {
        if (this.stopped) controller.abort();
        else this.abort = controller;
      })
      .catch(done);
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.relist(), this.options.retryDelayMs ?? 2000);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function decode(secret: RawSecret): Map<string, string> {
  return new Map(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

function sameSecrets(a: Map<string, Map<string, string>>, b: Map<string, Map<string, string>>): boolean {
  const text = (m: Map<string, Map<string, string>>): string =>
    JSON.stringify([...m].map(([n, d]) => [n, [...d]]).sort());
  return text(a) === text(b);
}
