import type { FieldIssues, Fields } from './fields.js';
import type { Resource } from './resource.js';

/**
 * Everything the datastore knows about one kind. The spec reader is a parser, not just a check: it
 * returns the spec with defaults filled in, built only from the fields it read, so what is stored is
 * exactly what was validated.
 */
export interface KindDefinition<R extends Resource = Resource> {
  readonly kind: R['kind'];
  readonly apiVersion: string;
  /** Lower-case plural, as the Kubernetes API and CRDs name it (`ippools`). */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Kinds like Namespace may omit the spec; it then reads as an empty object. */
  readonly specOptional?: boolean;
  readSpec(spec: Fields, context: ReadContext): R['spec'] | undefined;
  readStatus?(status: Fields, context: ReadContext): R['status'] | undefined;
  /** Extra rules on the name (IPAMConfiguration is a singleton called `default`). */
  checkName?(name: string, issues: FieldIssues): void;
  /** Rules comparing the stored object with its replacement (immutable fields). */
  checkUpdate?(previous: R, next: R, issues: FieldIssues): void;
}

export interface ReadContext {
  readonly issues: FieldIssues;
}
