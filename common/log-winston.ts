import winston from 'winston';

import { assertNever } from './errors.js';
import { isLevelEnabled, mergeFields, type LogFields, type Logger, type LogLevel } from './log.js';
import { formatHumanLine, formatJsonLine, type LogFormat, type LogRecord } from './log-format.js';

export interface CreateLoggerOptions {
  /** Name shown in every line, e.g. "bgp" or "ipam". */
  readonly component: string;
  /** Minimum level written. Default 'info'. */
  readonly level?: LogLevel;
  /** Default 'json' (what log collectors expect); 'human' for a terminal. */
  readonly format?: LogFormat;
  /** Where lines go. Default process.stderr, keeping stdout free for command output. */
  readonly stream?: NodeJS.WritableStream;
  /** Wall-clock source in epoch ms, injectable for deterministic tests. Default Date.now. */
  readonly wallClockMs?: () => number;
}

/** Our levels in winston's terms: lower number = more severe. */
const WINSTON_LEVELS: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Key under which the record travels through winston's pipeline to our formatter. */
const RECORD_KEY = 'twillRecord';

/**
 * A Logger writing one line per entry through winston. Twill formats the line itself (log-format.ts);
 * winston provides the transport plumbing, so other transports can be added in one place later.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? 'json';
  const render = lineFormatter(format);
  const backend = winston.createLogger({
    levels: WINSTON_LEVELS,
    level,
    format: winston.format.printf((info) => render(info[RECORD_KEY] as LogRecord)),
    // Explicit "\n": os.EOL would give "\r\n" on Windows dev machines and break line-based tooling.
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr, eol: '\n' })],
    exitOnError: false,
  });
  return new WinstonLogger(backend, level, options.component, {}, options.wallClockMs ?? Date.now);
}

function lineFormatter(format: LogFormat): (record: LogRecord) => string {
  switch (format) {
    case 'json':
      return formatJsonLine;
    case 'human':
      return formatHumanLine;
    default:
      return assertNever(format, 'log format');
  }
}

class WinstonLogger implements Logger {
  constructor(
    private readonly backend: winston.Logger,
    private readonly level: LogLevel,
    private readonly component: string,
    private readonly bound: LogFields,
    private readonly wallClockMs: () => number,
  ) {}

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

  /** A string `component` field replaces the component instead of becoming a field. */
  child(fields: LogFields): Logger {
    const { component, ...rest } = fields;
    const childComponent = typeof component === 'string' ? component : this.component;
    const childFields = typeof component === 'string' ? rest : fields;
    return new WinstonLogger(
      this.backend,
      this.level,
      childComponent,
      mergeFields(this.bound, childFields),
      this.wallClockMs,
    );
  }

  private log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    // Checked here as well as in winston so disabled debug logging costs no record or merge.
    if (!isLevelEnabled(this.level, level)) return;
    const record: LogRecord = {
      timeMs: this.wallClockMs(),
      level,
      component: this.component,
      msg,
      fields: mergeFields(this.bound, fields),
    };
    this.backend.log({ level, message: msg, [RECORD_KEY]: record });
  }
}
