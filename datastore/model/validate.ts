import { ValidationError } from '../errors.js';
import { FieldIssues, Fields } from './fields.js';
import { readMetadata } from './metadata.js';
import {
  isResourceKind,
  kindDefinition,
  RESOURCE_KINDS,
  type ResourceByKind,
  type ResourceKind,
} from './registry.js';
import { compact, type Resource } from './resource.js';

export type WriteOperation = 'create' | 'update';

/**
 * Validates untrusted input as a resource and returns it normalized (defaults filled, unknown fields
 * refused). Throws one ValidationError listing every problem with its field path. With `previous`
 * (the stored object), also enforces the kind's update rules such as immutable fields.
 */
export function validateResource<K extends ResourceKind>(
  input: unknown,
  previous?: ResourceByKind[K],
): ResourceByKind[K] {
  const issues = new FieldIssues();
  const root = Fields.of(input, '', issues);
  const rawName = nameOf(input);
  const rawKind = root?.raw('kind');
  if (root === undefined) throw new ValidationError(String(rawKind ?? 'resource'), rawName, issues.list);
  if (!isResourceKind(rawKind)) {
    root.issue('kind', `must be one of ${RESOURCE_KINDS.join(', ')}, got ${JSON.stringify(rawKind)}`);
    throw new ValidationError('resource', rawName, issues.list);
  }
  const kind = rawKind as K;
  const definition = kindDefinition(kind);
  const apiVersion = root.string('apiVersion', { required: true });
  if (apiVersion !== undefined && apiVersion !== definition.apiVersion) {
    root.issue(
      'apiVersion',
      `must be ${JSON.stringify(definition.apiVersion)} for ${kind}, got ${JSON.stringify(apiVersion)}`,
    );
  }
  const metaFields = root.object('metadata', { required: true });
  const metadata =
    metaFields === undefined ? undefined : readMetadata(metaFields, { namespaced: definition.namespaced });
  if (metadata !== undefined) definition.checkName?.(metadata.name, issues);
  const context = { issues };
  const specFields =
    root.present('spec') || !definition.specOptional
      ? root.object('spec', { required: true })
      : new Fields({}, 'spec', issues);
  const spec = specFields === undefined ? undefined : definition.readSpec(specFields, context);
  const statusFields = root.object('status');
  let status: unknown;
  if (statusFields !== undefined) {
    if (definition.readStatus === undefined) root.issue('status', `${kind} has no status`);
    else status = definition.readStatus(statusFields, context);
  }
  root.rejectUnknown();
  if (issues.list.length > 0 || metadata === undefined || spec === undefined) {
    throw new ValidationError(kind, rawName, issues.list);
  }
  const resource = compact({
    apiVersion: definition.apiVersion,
    kind,
    metadata,
    spec,
    status,
  }) as Resource as ResourceByKind[K];
  if (previous !== undefined) {
    definition.checkUpdate?.(previous, resource, issues);
    if (issues.list.length > 0) throw new ValidationError(kind, rawName, issues.list);
  }
  return resource;
}

function nameOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return '';
  const metadata = (input as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return '';
  const name = (metadata as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}
