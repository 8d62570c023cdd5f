/**
 * Error types shared by every Twill layer.
 *
 * Callers branch on `code`, never on `message`: messages are for humans and may be reworded at any time,
 * codes are part of the API. Each area narrows `code` to its own string-literal union by subclassing
 * (e.g. `IpError extends TwillError<IpErrorCode>`), so a `switch (err.code)` can be checked exhaustively.
 */

export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface TwillErrorOptions {
  /** Machine-readable context (offsets, limits, the offending value) for logs and tests. */
  readonly details?: ErrorDetails;
  /** The lower-level error this one wraps, if any. */
  readonly cause?: unknown;
}

export class TwillError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: ErrorDetails | undefined;

  constructor(code: C, message: string, options: TwillErrorOptions = {}) {
    // Only pass `cause` when given: an explicit `cause: undefined` would still show up in Node's inspector.
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** Error codes that belong to no particular area. */
export type CommonErrorCode = 'UNREACHABLE' | 'INVALID_ARGUMENT';

/**
 * Marks the end of an exhaustive `switch`/`if` chain. The compiler rejects the call if any case is
 * unhandled; at run time it only fires when a value bypassed the type system (e.g. bad JSON input).
 */
export function assertNever(value: never, context = 'value'): never {
  throw new TwillError<CommonErrorCode>('UNREACHABLE', `unexpected ${context}: ${describeValue(value)}`, {
    details: { value },
  });
}

/** Type guard; with `code`, also narrows to errors carrying exactly that code. */
export function isTwillError<C extends string>(error: unknown, code?: C): error is TwillError<C> {
  return error instanceof TwillError && (code === undefined || error.code === code);
}

/**
 * The string code of any error: a TwillError's code, or a Node system error's (`ENOENT`, `ECONNRESET`).
 * Undefined for anything else.
 */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof TwillError) return error.code;
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** A one-line description of anything thrown, for logs and wrapping messages. */
export function errorMessage(error: unknown): string {
  if (error instanceof TwillError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `non-error thrown: ${describeValue(error)}`;
}

const MAX_QUOTED_LENGTH = 80;

/**
 * Quotes user input for an error message: JSON escaping makes control characters and trailing spaces
 * visible, and truncation keeps a multi-megabyte bad input from ending up in every log line.
 */
export function quoteInput(text: unknown, maxLength = MAX_QUOTED_LENGTH): string {
  // Untyped callers (parsed JSON/YAML) can hand us anything; describe it rather than crash.
  if (typeof text !== 'string') return `${describeValue(text)} (not a string)`;
  if (text.length <= maxLength) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, maxLength))}... (${text.length} chars)`;
}

/** Best-effort, never-throwing rendering of an arbitrary value for messages. */
export function describeValue(value: unknown): string {
  const kind = typeof value;
  switch (kind) {
    case 'string':
      return quoteInput(value);
    case 'bigint':
      return `${value as bigint}n`;
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'symbol':
    case 'function':
      return String(value);
    case 'object':
      return describeObject(value as object | null);
    default:
      // Only reachable if a future JS engine adds a typeof result; `kind` is a string, so this cannot recurse.
      return assertNever(kind, 'typeof result');
  }
}

function describeObject(value: object | null): string {
  if (value === null) return 'null';
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    if (json === undefined) return Object.prototype.toString.call(value);
    return json.length <= MAX_QUOTED_LENGTH ? json : `${json.slice(0, MAX_QUOTED_LENGTH)}...`;
  } catch {
    // Circular structures and throwing toJSON() land here.
    return Object.prototype.toString.call(value);
  }
}
