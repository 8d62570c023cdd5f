import { randomUUID } from 'node:crypto';

import { DatastoreError, ValidationError } from '../errors.js';
import { kindDefinition, validateResource, type AnyResource, type ResourceKind } from '../model/index.js';
import { Selector } from '../selector/index.js';

/** Validates a resource for create and stamps the server-owned metadata. */
export function prepareCreate<R extends AnyResource>(input: R, now: () => Date): R {
  const resource = validateResource(input) as R;
  if (resource.metadata.resourceVersion !== undefined) {
    throw new ValidationError(resource.kind, resource.metadata.name, [
      { path: 'metadata.resourceVersion', message: 'must not be set on create' },
    ]);
  }
  return {
    ...resource,
    metadata: { ...resource.metadata, uid: randomUUID(), creationTimestamp: now().toISOString() },
  };
}

/** The resourceVersion an update must compare against; updates are always compare-and-swap. */
export function requireResourceVersion(resource: AnyResource): string {
  const version = resource.metadata?.resourceVersion;
  if (typeof version !== 'string' || version === '') {
    throw new DatastoreError(
      'INVALID_ARGUMENT',
      `update of ${resource.kind} ${JSON.stringify(resource.metadata?.name)} needs metadata.resourceVersion (read the object first)`,
    );
  }
  return version;
}

/** Validates an update against the stored object; uid and creation time cannot be changed by clients. */
export function prepareUpdate<R extends AnyResource>(input: R, stored: R): R {
  const resource = validateResource(input, stored) as R;
  return {
    ...resource,
    metadata: {
      ...resource.metadata,
      uid: stored.metadata.uid,
      creationTimestamp: stored.metadata.creationTimestamp,
    },
  };
}

/** What is stored: everything but the resourceVersion, which is the store's own revision. */
export function encodeStored(resource: AnyResource): string {
  const { resourceVersion: _ignored, ...metadata } = resource.metadata;
  return JSON.stringify({ ...resource, metadata });
}

export function decodeStored<R extends AnyResource>(json: string, resourceVersion: string): R {
  const parsed = JSON.parse(json) as R;
  return { ...parsed, metadata: { ...parsed.metadata, resourceVersion } };
}

export function toSelector(selector: string | Selector | undefined): Selector | undefined {
  if (selector === undefined) return undefined;
  return typeof selector === 'string' ? Selector.parse(selector) : selector;
}

/** Refuses a namespace on a cluster-scoped kind and requires one where it is needed for a single object. */
export function checkNamespace(
  kind: ResourceKind,
  namespace: string | undefined,
  forSingleObject: boolean,
): string | undefined {
  const { namespaced } = kindDefinition(kind);
  if (!namespaced && namespace !== undefined) {
    throw new DatastoreError('INVALID_ARGUMENT', `${kind} is cluster-scoped: no namespace`, {
      details: { kind, namespace },
    });
  }
  if (namespaced && forSingleObject && (namespace === undefined || namespace === '')) {
    throw new DatastoreError('INVALID_ARGUMENT', `${kind} is namespaced: give a namespace`, {
      details: { kind },
    });
  }
  return namespace;
}

export function notFound(kind: string, name: string, namespace?: string): DatastoreError {
  const where = namespace === undefined ? '' : ` in namespace ${JSON.stringify(namespace)}`;
  return new DatastoreError('NOT_FOUND', `${kind} ${JSON.stringify(name)} not found${where}`, {
    details: { kind, name, namespace },
  });
}

export function alreadyExists(kind: string, name: string): DatastoreError {
  return new DatastoreError('ALREADY_EXISTS', `${kind} ${JSON.stringify(name)} already exists`, {
    details: { kind, name },
  });
}

export function conflict(kind: string, name: string, expected: string, actual: string): DatastoreError {
  return new DatastoreError(
    'CONFLICT',
    `${kind} ${JSON.stringify(name)} was modified concurrently (expected resourceVersion ${expected}, stored ${actual}): re-read and retry`,
    { details: { kind, name, expected, actual } },
  );
}
