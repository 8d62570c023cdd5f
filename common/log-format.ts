/**
 * Pure line formatters for the two log formats. Kept apart from the winston wiring so they can be tested
 * without streams and reused by any other sink.
 */

import { TwillError } from './errors.js';
import type { LogFields, LogLevel } from './log.js';
import { toLogValue } from './log-value.js';

export type LogFormat = 'json' | 'human';

export interface LogRecord {
  /** Wall-clock time, epoch milliseconds (logs are read against other systems' clocks, not ours). */
  readonly timeMs: number;
  readonly level: LogLevel;
  readonly component: string;
  readonly msg: string;
  readonly fields: LogFields;
}

const RESERVED_KEYS: ReadonlySet<string> = new Set(['ts', 'level', 'component', 'msg']);

/**
 * One JSON object: ts (ISO 8601 UTC), level, component, msg, then the fields flattened in. A field that
 * would overwrite one of the four fixed keys is renamed "fields.<key>" instead of hiding the real value.
 */
export function formatJsonLine(record: LogRecord): string {
  // Null prototype: a field named "__proto__" must become a key, not replace the prototype.
  const out = Object.create(null) as Record<string, unknown>;
  out['ts'] = new Date(record.timeMs).toISOString();
  out['level'] = record.level;
  out['component'] = record.component;
  out['msg'] = record.msg;
  for (const [key, value] of Object.entries(record.fields)) {
    const rendered = toLogValue(value);
    if (rendered === undefined) continue;
    out[RESERVED_KEYS.has(key) ? `fields.${key}` : key] = rendered;
  }
  return JSON.stringify(out);
}

/**
 * `HH:MM:SS.mmm LEVEL [component] msg key=value ...` for people at a terminal. Time is UTC, matching the
 * JSON format and the node's container logs. Values containing spaces, quotes, "=" or control characters
 * are JSON-quoted so the line still splits unambiguously into key=value pairs.
 */
export function formatHumanLine(record: LogRecord): string {
  const time = new Date(record.timeMs);
  const clock =
    `${pad(time.getUTCHours(), 2)}:${pad(time.getUTCMinutes(), 2)}:${pad(time.getUTCSeconds(), 2)}` +
    `.${pad(time.getUTCMilliseconds(), 3)}`;
  // Escape line breaks so one entry is always one line (and a message cannot forge a second entry).
  const msg = record.msg.replace(/\r?\n|\r/g, (m) => JSON.stringify(m).slice(1, -1));
  let line = `${clock} ${record.level.toUpperCase().padEnd(5)} [${record.component}] ${msg}`;
  for (const [key, value] of Object.entries(record.fields)) {
    if (value === undefined) continue;
    line += ` ${key}=${humanValue(value)}`;
  }
  return line;
}

function humanValue(value: unknown): string {
  if (value instanceof TwillError) return quoteIfNeeded(`${value.code}: ${value.message}`);
  if (value instanceof Error) return quoteIfNeeded(`${value.name}: ${value.message}`);
  const rendered = toLogValue(value);
  if (typeof rendered === 'string') return quoteIfNeeded(rendered);
  if (typeof rendered === 'object' && rendered !== null) return JSON.stringify(rendered);
  return String(rendered);
}

function quoteIfNeeded(text: string): string {
  return needsQuotes(text) ? JSON.stringify(text) : text;
}

function needsQuotes(text: string): boolean {
  if (text === '') return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Control characters and space, '"', '=', '\', DEL.
    if (c <= 0x20 || c === 0x22 || c === 0x3d || c === 0x5c || c === 0x7f) return true;
  }
  return /\s/u.test(text); // Unicode spaces (NBSP, line separator) would also split a value.
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
