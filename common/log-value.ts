/**
 * Turns arbitrary log field values into JSON-safe data. Logging must never throw because of what it was
 * asked to log (a bigint, a cycle, a throwing getter), and must not dump a megabyte Buffer either.
 */

import { assertNever, TwillError } from './errors.js';

const MAX_DEPTH = 6;
const MAX_BYTES_SHOWN = 64;
const MAX_ITEMS = 100;

/** A JSON-safe rendering of `value`. `undefined` stays undefined (JSON.stringify then drops the key). */
export function toLogValue(value: unknown): unknown {
  return convert(value, 0, []);
}

function convert(value: unknown, depth: number, ancestors: object[]): unknown {
  const kind = typeof value;
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      // JSON has no NaN/Infinity; keep them visible as strings rather than letting them become null.
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      // As a string: JSON consumers parse numbers as doubles and would silently round 64-bit values.
      return String(value);
    case 'symbol':
    case 'function':
      return String(value);
    case 'object':
      return value === null ? null : convertObject(value as object, depth, ancestors);
    default:
      return assertNever(kind, 'typeof result');
  }
}

function convertObject(value: object, depth: number, ancestors: object[]): unknown {
  if (ancestors.includes(value)) return '[Circular]';
  if (value instanceof Error) return convertError(value, depth, ancestors);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return hexPreview(value);
  try {
    // Value types (addresses, prefixes) render as their text form.
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return convert((value as { toJSON(): unknown }).toJSON(), depth, ancestors);
    }
    if (depth >= MAX_DEPTH) return '[Object]';
    const nested = [...ancestors, value];
    if (Array.isArray(value) || value instanceof Set) {
      return limitItems([...(value as Iterable<unknown>)], (v) => convert(v, depth + 1, nested));
    }
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const out = Object.create(null) as Record<string, unknown>; // "__proto__" keys stay plain keys.
    for (const [key, v] of entries.slice(0, MAX_ITEMS)) out[String(key)] = convert(v, depth + 1, nested);
    return out;
  } catch (err) {
    return `[unserializable: ${err instanceof Error ? err.message : String(err)}]`;
  }
}

function convertError(error: Error, depth: number, ancestors: object[]): unknown {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error instanceof TwillError) {
    out['code'] = error.code;
    if (error.details !== undefined)
      out['details'] = convert(error.details, depth + 1, [...ancestors, error]);
  }
  if (error.stack !== undefined) out['stack'] = error.stack;
  if (error.cause !== undefined && depth < MAX_DEPTH) {
    out['cause'] = convert(error.cause, depth + 1, [...ancestors, error]);
  }
  return out;
}

function hexPreview(bytes: Uint8Array): string {
  const shown = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, MAX_BYTES_SHOWN));
  const hex = shown.toString('hex');
  return bytes.length > MAX_BYTES_SHOWN ? `${hex}... (${bytes.length} bytes)` : hex;
}

function limitItems(items: unknown[], map: (item: unknown) => unknown): unknown[] {
  const shown = items.slice(0, MAX_ITEMS).map(map);
  if (items.length > MAX_ITEMS) shown.push(`... ${items.length - MAX_ITEMS} more`);
  return shown;
}
