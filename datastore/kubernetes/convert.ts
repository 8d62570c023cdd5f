import { compact, type ObjectMeta } from '../model/resource.js';
import { kindDefinition, type AnyResource, type ResourceByKind, type ResourceKind } from '../model/index.js';
import { apiResource } from './api-resources.js';

/** A Kubernetes object as JSON on the wire: only the parts Twill reads are typed. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeMetadata;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

export interface KubeMetadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  [field: string]: unknown;
}

/**
 * A Kubernetes object as the model's resource. Only the model's fields are kept: Kubernetes adds
 * metadata Twill does not model (generation, managedFields, ownerReferences...), which is kept on
 * the server and carried over by `replaceBody`, never dropped by a Twill write. Reads do not validate:
 * an object someone wrote with kubectl past the CRD schema is returned as stored, and refused only
 * when written back.
 */
export function toModel<K extends ResourceKind>(kind: K, object: KubeObject): ResourceByKind[K] {
  const definition = kindDefinition(kind);
  const meta = object.metadata ?? {};
  const metadata = compact<ObjectMeta>({
    name: meta.name ?? '',
    namespace: definition.namespaced ? meta.namespace : undefined,
    labels: nonEmpty(meta.labels),
    annotations: nonEmpty(meta.annotations),
    resourceVersion: meta.resourceVersion,
    uid: meta.uid,
    // The typed core client and raw JSON print the same instant differently ("...:00Z" and
    // "...:00.000Z"); one form keeps objects from the two paths equal.
    creationTimestamp: normalizeTimestamp(meta.creationTimestamp),
  });
  const status = definition.readStatus === undefined ? undefined : nonEmpty(object.status);
  return compact({
    apiVersion: definition.apiVersion,
    kind,
    metadata,
    spec: object.spec ?? {},
    status,
  }) as unknown as ResourceByKind[K];
}

/** The body of a create: what the client owns, none of the server's fields. */
export function createBody(resource: AnyResource): KubeObject {
  const { name, namespace, labels, annotations } = resource.metadata;
  const { statusSubresource, family } = apiResource(resource.kind);
  return compact({
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: compact({ name, namespace, labels: nonEmpty(labels), annotations: nonEmpty(annotations) }),
    spec: resource.spec,
    // Status goes through /status; a Namespace's is the server's own.
    status: statusSubresource || family === 'core' ? undefined : resource.status,
  });
}

/**
 * The body of a replace (PUT): the stored object with Twill's fields swapped in, so metadata Twill
 * does not model (finalizers, ownerReferences, other controllers' fields) survives, and
 * `resourceVersion` is the one the caller read: the server refuses it with 409 if the object moved.
 */
export function replaceBody(resource: AnyResource, stored: KubeObject, resourceVersion: string): KubeObject {
  const { managedFields: _server, ...storedMeta } = stored.metadata ?? {};
  return {
    ...stored,
    metadata: {
      ...storedMeta,
      labels: nonEmpty(resource.metadata.labels),
      annotations: nonEmpty(resource.metadata.annotations),
      resourceVersion,
    },
    spec: resource.spec,
  };
}

/** The body of a `/status` write: only status is taken by the server from it. */
export function statusBody(resource: AnyResource, current: KubeObject): KubeObject {
  const { managedFields: _server, ...meta } = current.metadata ?? {};
  return { ...current, metadata: meta, status: resource.status ?? {} };
}

/** Compares two JSON values structurally (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}

/** Kubernetes omits empty maps (Go's omitempty); treat `{}` and absent alike so round trips compare. */
function nonEmpty<T>(value: T | undefined): T | undefined {
  if (typeof value !== 'object' || value === null) return value;
  return Object.keys(value).length === 0 ? undefined : value;
}

function normalizeTimestamp(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}
