// Field readers shared by the parts of TwillNodeStatus: times and bounded free text.
import type { Fields } from './fields.js';

/** RFC 3339 date-time as Kubernetes writes it (seconds, optional fraction, Z or offset). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Free text (errors, messages) is bounded so one noisy error cannot bloat every write. */
export const MAX_TEXT = 1024;

export function readTime(fields: Fields, key: string): string | undefined {
  return fields.string(key, { pattern: RFC3339, hint: 'an RFC 3339 time (2026-11-26T10:00:00Z)' });
}

export function readText(fields: Fields, key: string, maxLength = MAX_TEXT): string | undefined {
  return fields.string(key, { maxLength });
}
