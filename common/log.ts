import { assertNever, quoteInput, TwillError } from './errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured context attached to a log line. Values may be anything; sinks render them safely. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logging interface every Twill component takes as a dependency. Messages are short constant
 * strings; variable data goes in `fields` so it stays machine-searchable in JSON output.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry (call-site fields win on key clashes). */
  child(fields: LogFields): Logger;
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Severity rank: debug 0 < info 1 < warn 2 < error 3. */
export function logLevelRank(level: LogLevel): number {
  switch (level) {
    case 'debug':
      return 0;
    case 'info':
      return 1;
    case 'warn':
      return 2;
    case 'error':
      return 3;
    default:
      return assertNever(level, 'log level');
  }
}

/** True if an entry at `level` passes a logger configured with `threshold`. */
export function isLevelEnabled(threshold: LogLevel, level: LogLevel): boolean {
  return logLevelRank(level) >= logLevelRank(threshold);
}

export type LogErrorCode = 'INVALID_LOG_LEVEL';

export class LogError extends TwillError<LogErrorCode> {}

/** Parses a level from config or a flag; case-insensitive, "warning" accepted for "warn". */
export function parseLogLevel(text: string): LogLevel {
  const normalized = typeof text === 'string' ? text.trim().toLowerCase() : '';
  if (normalized === 'warning') return 'warn';
  const level = LOG_LEVELS.find((l) => l === normalized);
  if (level === undefined) {
    throw new LogError(
      'INVALID_LOG_LEVEL',
      `invalid log level ${quoteInput(text)}: expected one of ${LOG_LEVELS.join(', ')}`,
      {
        details: { input: text },
      },
    );
  }
  return level;
}

/** Merges bound fields with call-site fields without allocating when either side is empty. */
export function mergeFields(bound: LogFields, fields: LogFields | undefined): LogFields {
  if (fields === undefined) return bound;
  return hasKeys(bound) ? { ...bound, ...fields } : fields;
}

function hasKeys(record: LogFields): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

const noop = (): void => {};

/** Discards everything. The default for components constructed without a logger. */
export const nullLogger: Logger = Object.freeze({
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: (): Logger => nullLogger,
});
