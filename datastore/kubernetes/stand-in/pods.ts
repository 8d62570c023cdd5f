import { randomUUID } from 'node:crypto';

import type { KubeObject } from '../convert.js';
import { notFound, status, type StatusAnswer } from './status.js';

/**
 * Core v1 Pods, read-only. The model has no Pod kind, but twill-cni reads a pod's labels from the API
 * with the Kubernetes datastore, so its tests need `GET /api/v1/namespaces/<ns>/pods/<name>`. Pods
 * are put in place by the test (`putPod`), not through the API: a kubelet or controller would create
 * them on a real cluster, and nothing in Twill writes, lists or watches them. They live apart from the
 * object store: no resourceVersion, no history, no watch events.
 */
export class PodStore {
  private readonly pods = new Map<string, KubeObject>();

  /** Stores (or replaces) a Pod; fills in what the server would (uid, creationTimestamp, kind). */
  put(pod: KubeObject): KubeObject {
    const namespace = pod.metadata?.namespace;
    const name = pod.metadata?.name;
    if (namespace === undefined || name === undefined || namespace === '' || name === '')
      throw new Error('a stand-in Pod needs metadata.namespace and metadata.name');
    const stored: KubeObject = {
      ...structuredClone(pod),
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...structuredClone(pod.metadata),
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    this.pods.set(`${namespace}/${name}`, stored);
    return structuredClone(stored);
  }

  delete(namespace: string, name: string): void {
    this.pods.delete(`${namespace}/${name}`);
  }

  /** The answer to a request on a Pod path: GET of one Pod, or a refusal. */
  answer(
    method: string,
    path: PodPath,
  ):
    | { readonly ok: true; readonly object: KubeObject }
    | { readonly ok: false; readonly status: StatusAnswer } {
    if (method !== 'GET' || path.name === undefined)
      return {
        ok: false,
        status: status(405, 'MethodNotAllowed', 'the stand-in serves Pods read-only: GET of one Pod'),
      };
    const pod = this.pods.get(`${path.namespace}/${path.name}`);
    return pod === undefined
      ? { ok: false, status: notFound(`pods ${JSON.stringify(path.name)}`) }
      : { ok: true, object: structuredClone(pod) };
  }
}

export interface PodPath {
  readonly namespace: string;
  readonly name?: string;
}

/** `/api/v1/namespaces/<ns>/pods[/<name>]`; anything deeper (`/status`, `/log`) is not a Pod path. */
export function parsePodPath(pathname: string): PodPath | undefined {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  const [api, version, namespaces, namespace, pods, name, ...rest] = parts;
  if (api !== 'api' || version !== 'v1' || namespaces !== 'namespaces' || pods !== 'pods') return undefined;
  if (namespace === undefined || rest.length > 0) return undefined;
  return name === undefined ? { namespace } : { namespace, name };
}
