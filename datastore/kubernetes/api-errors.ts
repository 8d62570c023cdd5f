import { errorMessage } from '../../common/index.js';
import { DatastoreError, ValidationError, type FieldIssue } from '../errors.js';
import { alreadyExists, notFound } from '../backend/prepare.js';

/** The parts of a Kubernetes `Status` (the body of every error answer) that decide what happened. */
export interface KubeStatus {
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly details?: {
    readonly causes?: ReadonlyArray<{ readonly field?: string; readonly message?: string }>;
  };
}

/** The HTTP status of a failed call: ApiException carries `code`, the Watch helper `statusCode`. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** ApiException's body is the answer's text; a Kubernetes error answer is a JSON Status. */
export function statusOf(error: unknown): KubeStatus {
  const body = (error as { body?: unknown } | null)?.body;
  if (typeof body === 'object' && body !== null) return body as KubeStatus;
  if (typeof body !== 'string') return {};
  try {
    return JSON.parse(body) as KubeStatus;
  } catch {
    return { message: body };
  }
}

export interface ErrorSubject {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * A failed Kubernetes call as a typed datastore error. 409 is two different answers told apart by
 * `reason`: AlreadyExists (a create lost to an existing name) and Conflict (a replace or delete whose
 * resourceVersion precondition failed: the compare-and-swap loser).
 */
export function toDatastoreError(error: unknown, operation: string, subject: ErrorSubject): DatastoreError {
  if (error instanceof DatastoreError) return error;
  const http = httpStatusOf(error);
  const status = statusOf(error);
  const name = subject.name ?? '';
  const said = status.message ?? errorMessage(error);
  switch (http) {
    case 404:
      return notFound(subject.kind, name, subject.namespace);
    case 409:
      if (status.reason === 'AlreadyExists') return alreadyExists(subject.kind, name);
      return new DatastoreError(
        'CONFLICT',
        `${subject.kind} ${JSON.stringify(name)} was modified concurrently: re-read and retry (${said})`,
        { cause: error, details: { ...subject, reason: status.reason } },
      );
    case 422: {
      // The server refused what Twill's validators accepted (CRD schema, admission): name each field.
      const issues: FieldIssue[] = (status.details?.causes ?? []).map((cause) => ({
        path: cause.field ?? '',
        message: cause.message ?? said,
      }));
      return new ValidationError(
        subject.kind,
        name,
        issues.length > 0 ? issues : [{ path: '', message: said }],
        {
          cause: error,
        },
      );
    }
    default:
      return new DatastoreError(
        'BACKEND_FAILURE',
        `Kubernetes ${operation} of ${subject.kind} failed${http === undefined ? '' : ` (HTTP ${http})`}: ${said}`,
        { cause: error, details: { ...subject, httpStatus: http, reason: status.reason } },
      );
  }
}
