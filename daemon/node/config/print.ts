// `twill-node --print-config`: the effective configuration as YAML that loads back unchanged (apart
// from masked secrets), each value not taken from the defaults annotated with where it came from.
import { Document, isNode } from 'yaml';

import { assertNever } from '../../../common/index.js';
import { kubernetesApiConnection } from '../kube/kubernetes-api-connection.js';
import { describeSource } from './errors.js';
import type { LoadedNodeConfig } from './load.js';
import { NODE_CONFIG_SCHEMA } from './schema.js';
import { schemaKeys } from './schema-keys.js';

/** What a set secret prints as; an unset one prints empty, so "is it set?" stays answerable. */
export const REDACTED = '<redacted>';

export function printNodeConfig(loaded: LoadedNodeConfig): string {
  const values = structuredClone(loaded.raw);
  const keys = schemaKeys(NODE_CONFIG_SCHEMA);
  for (const key of keys) {
    if (key.sensitive && getPath(values, key.key) !== '') setPath(values, key.key, REDACTED);
  }
  const document = new Document(values);
  for (const key of keys) {
    const source = loaded.sources.get(key.key);
    const node = document.getIn(key.key.split('.'), true);
    if (source !== undefined && source.kind !== 'default' && isNode(node))
      node.comment = ` from ${describeSource(source)}`;
  }
  // What an empty kubernetesApi.kubeconfig means depends on the datastore: say what is in effect.
  const section = document.get('kubernetesApi', true);
  if (isNode(section)) section.commentBefore = ` ${describeKubernetesApi(loaded)}`;
  return document.toString();
}

function describeKubernetesApi(loaded: LoadedNodeConfig): string {
  const connection = kubernetesApiConnection(loaded.config);
  switch (connection.kind) {
    case 'off':
      return `Kubernetes API: off (${connection.why}): no per-service /32s, no Events`;
    case 'in-cluster':
      return `Kubernetes API: in-cluster service account (${connection.key})`;
    case 'file':
      return `Kubernetes API: ${connection.path} (${connection.key})`;
    default:
      return assertNever(connection, 'Kubernetes API connection');
  }
}

function getPath(object: Record<string, unknown>, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], object);
}

function setPath(object: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  const last = parts.pop() ?? '';
  const parent = parts.reduce<Record<string, unknown>>(
    (item, part) => item[part] as Record<string, unknown>,
    object,
  );
  parent[last] = value;
}
