import { kindDefinition, TWILL_API_VERSION, type ResourceKind } from '../model/index.js';

/**
 * Storage keys: `/twill.dev/v1/<plural>/<namespace>/<name>` for namespaced kinds and
 * `/twill.dev/v1/<plural>/<name>` otherwise. Names and namespaces are DNS names (validated), so they
 * never contain "/" and a kind's prefix never matches another kind's keys.
 */
export const KEY_ROOT = `/${TWILL_API_VERSION}/`;

export function kindPrefix(kind: ResourceKind, namespace?: string): string {
  const base = `${KEY_ROOT}${kindDefinition(kind).plural}/`;
  return namespace === undefined ? base : `${base}${namespace}/`;
}

export function resourceKey(kind: ResourceKind, name: string, namespace?: string): string {
  return `${kindPrefix(kind, kindDefinition(kind).namespaced ? (namespace ?? '') : undefined)}${name}`;
}
