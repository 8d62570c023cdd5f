import { TwillError, type TwillErrorOptions } from '../common/index.js';

/**
 * Codes callers branch on. CONFLICT is the compare-and-swap loser's signal (re-read and retry);
 * INVALID_RESOURCE means nothing was written; RESYNC_NEEDED is never thrown by get/list, only carried
 * by watch events, but has a code so logs can name it.
 */
export type DatastoreErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'INVALID_RESOURCE'
  | 'INVALID_SELECTOR'
  | 'UNKNOWN_KIND'
  | 'INVALID_ARGUMENT'
  | 'CLOSED'
  | 'BACKEND_FAILURE';

export class DatastoreError extends TwillError<DatastoreErrorCode> {}

/** One problem in a resource, located by its field path (`spec.cidr`, `spec.communities[1].value`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Every validation problem of one resource at once, so a user fixes a file in one round trip. */
export class ValidationError extends DatastoreError {
  readonly kind: string;
  readonly resourceName: string;
  readonly issues: readonly FieldIssue[];

  constructor(kind: string, name: string, issues: readonly FieldIssue[], options: TwillErrorOptions = {}) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    super('INVALID_RESOURCE', `${kind} ${JSON.stringify(name)} is invalid: ${list}`, {
      ...options,
      details: { kind, name, issues },
    });
    this.kind = kind;
    this.resourceName = name;
    this.issues = issues;
  }
}

/** A selector that does not parse; `column` is 1-based and points at the offending character. */
export class SelectorError extends DatastoreError {
  readonly selector: string;
  readonly column: number;

  constructor(selector: string, column: number, reason: string) {
    super('INVALID_SELECTOR', `selector ${JSON.stringify(selector)}: column ${column}: ${reason}`, {
      details: { selector, column, reason },
    });
    this.selector = selector;
    this.column = column;
  }
}
