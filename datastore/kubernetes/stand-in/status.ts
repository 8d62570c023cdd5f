import type { KubeStatus } from '../api-errors.js';

/** A `Status` answer, as every Kubernetes error is sent (and as a watch ERROR event carries). */
export interface StatusAnswer extends KubeStatus {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

export function status(code: number, reason: string, message: string): StatusAnswer {
  return { code, reason, message };
}

export function statusJson(answer: StatusAnswer): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...answer };
}

export const notFound = (what: string): StatusAnswer => status(404, 'NotFound', `${what} not found`);

export const alreadyExists = (what: string): StatusAnswer =>
  status(409, 'AlreadyExists', `${what} already exists`);

export const conflict = (what: string): StatusAnswer =>
  status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`,
  );

export const badRequest = (message: string): StatusAnswer => status(400, 'BadRequest', message);

export const invalid = (message: string): StatusAnswer => status(422, 'Invalid', message);

export const expired = (message: string): StatusAnswer => status(410, 'Expired', message);
