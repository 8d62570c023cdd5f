import { isLevelEnabled, mergeFields, type LogFields, type Logger, type LogLevel } from './log.js';

export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  /** Child-bound fields merged with call-site fields. */
  readonly fields: LogFields;
}

export interface MemoryLoggerOptions {
  /** Entries below this level are dropped. Default 'debug' (capture everything). */
  readonly level?: LogLevel;
  /** Fields bound to every entry, as if from child(). */
  readonly fields?: LogFields;
  /** Append to this array instead of a new one; child() uses it so the whole tree shares one list. */
  readonly entries?: LogEntry[];
}

/** A Logger that records entries in memory, for tests to assert on what was logged. */
export class MemoryLogger implements Logger {
  readonly entries: LogEntry[];
  private readonly level: LogLevel;
  private readonly bound: LogFields;

  constructor(options: MemoryLoggerOptions = {}) {
    this.entries = options.entries ?? [];
    this.level = options.level ?? 'debug';
    this.bound = options.fields ?? {};
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  /** Shares this logger's entry list, so entries logged through children show up here too. */
  child(fields: LogFields): MemoryLogger {
    return new MemoryLogger({
      level: this.level,
      fields: mergeFields(this.bound, fields),
      entries: this.entries,
    });
  }

  /** Messages logged so far, optionally only those at `level`. */
  messages(level?: LogLevel): string[] {
    return this.entries.filter((e) => level === undefined || e.level === level).map((e) => e.msg);
  }

  /** Empties the shared entry list (in place, so children see it too). */
  clear(): void {
    this.entries.length = 0;
  }

  private log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!isLevelEnabled(this.level, level)) return;
    this.entries.push({ level, msg, fields: mergeFields(this.bound, fields) });
  }
}
