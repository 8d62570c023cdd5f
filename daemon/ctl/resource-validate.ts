/**
 * Model validation of every document before anything is written: a batch with one bad document writes
 * nothing. Problems are reported one per line as `FILE:doc N: KIND/NAME: field.path: what is wrong`.
 */
import {
  kindDefinition,
  isResourceKind,
  validateResource,
  ValidationError,
  type AnyResource,
} from '../../datastore/index.js';
import { errorMessage } from '../../common/index.js';
import { CtlError } from './control-client.js';
import type { ResourceDocument } from './resource-files.js';

export interface ValidDocument {
  readonly origin: string;
  readonly resource: AnyResource;
}

export class InvalidResourcesError extends CtlError {
  constructor(
    readonly lines: readonly string[],
    lead = lines.length === 1 ? 'a resource is invalid' : 'resources are invalid',
  ) {
    super('REQUEST_FAILED', `${lead}, nothing was written:\n${lines.join('\n')}`);
  }
}

/**
 * Validates all documents, filling `metadata.namespace` of namespaced kinds from `defaultNamespace`
 * when absent. Throws InvalidResourcesError with every problem of every document.
 */
export function validateDocuments(
  documents: readonly ResourceDocument[],
  explicitNamespace: string | undefined,
): ValidDocument[] {
  const defaultNamespace = explicitNamespace ?? 'default';
  const problems: string[] = [];
  const valid: ValidDocument[] = [];
  for (const document of documents) {
    try {
      const one = validateResourceDocument(document, defaultNamespace);
      const namespace = one.resource.metadata.namespace;
      if (explicitNamespace !== undefined && namespace !== undefined && namespace !== explicitNamespace) {
        // As kubectl: -n and the document disagree, and guessing which one was meant is worse than asking.
        problems.push(
          `${document.origin}: ${one.resource.kind}/${one.resource.metadata.name}: metadata.namespace: ${namespace} differs from -n ${explicitNamespace}`,
        );
        continue;
      }
      valid.push(one);
    } catch (error) {
      problems.push(...describeInvalid(document.origin, error));
    }
  }
  if (problems.length > 0) throw new InvalidResourcesError(problems);
  return valid;
}

/** One document: the normalized resource, or a ValidationError. */
export function validateResourceDocument(
  document: ResourceDocument,
  defaultNamespace: string,
): ValidDocument {
  return {
    origin: document.origin,
    resource: validateResource(withNamespace(document.value, defaultNamespace)),
  };
}

/** One line per issue: `origin: KIND/NAME: path: message`. */
export function describeInvalid(origin: string, error: unknown): string[] {
  if (!(error instanceof ValidationError)) return [`${origin}: ${errorMessage(error)}`];
  const subject = `${error.kind}/${error.resourceName === '' ? '(no name)' : error.resourceName}`;
  return error.issues.map(
    (issue) => `${origin}: ${subject}: ${issue.path || '(document)'}: ${issue.message}`,
  );
}

function withNamespace(value: unknown, namespace: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const object = value as { kind?: unknown; metadata?: unknown };
  if (!isResourceKind(object.kind) || !kindDefinition(object.kind).namespaced) return value;
  if (typeof object.metadata !== 'object' || object.metadata === null) return value;
  const metadata = object.metadata as { namespace?: unknown };
  if (metadata.namespace !== undefined) return value;
  return { ...object, metadata: { ...metadata, namespace } };
}
