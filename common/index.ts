// Public API of the common layer. Other layers import from here, not from individual files.

export {
  assertNever,
  describeValue,
  errorCode,
  errorMessage,
  isTwillError,
  quoteInput,
  TwillError,
  type CommonErrorCode,
  type ErrorDetails,
  type TwillErrorOptions,
} from './errors.js';

export { IpError, type IpErrorCode } from './ip/ip-error.js';
export { IPv4Address } from './ip/ipv4.js';
export { IPv6Address } from './ip/ipv6.js';
export {
  addressBits,
  compareIpAddresses,
  ipAddressFromBigInt,
  ipAddressFromBytes,
  parseIpAddress,
  tryParseIpAddress,
  type AddressOf,
  type IpAddress,
  type IpFamily,
} from './ip/address.js';
export { comparePrefixes, DEFAULT_SPLIT_MAX_COUNT, Prefix, type SplitOptions } from './ip/prefix.js';
export { parsePrefix, parsePrefixLoose, tryParsePrefix, type PrefixParseOptions } from './ip/prefix-parse.js';

export { BytesError, type BytesErrorCode } from './bytes/bytes-error.js';
export { Reader } from './bytes/reader.js';
export { Writer, type LengthFieldSize, type LengthHandle } from './bytes/writer.js';

export {
  ClockError,
  FakeClock,
  systemClock,
  type Clock,
  type ClockErrorCode,
  type TimerHandle,
} from './clock.js';

export {
  isLevelEnabled,
  LOG_LEVELS,
  LogError,
  logLevelRank,
  nullLogger,
  parseLogLevel,
  type LogErrorCode,
  type LogFields,
  type Logger,
  type LogLevel,
} from './log.js';
export { MemoryLogger, type LogEntry, type MemoryLoggerOptions } from './log-memory.js';
export { formatHumanLine, formatJsonLine, type LogFormat, type LogRecord } from './log-format.js';
export { toLogValue } from './log-value.js';
// createLogger (winston) has its own entry, './log-winston.js': short-lived programs that only need
// the Logger interface (twill-cni runs once per pod) must not pay for loading winston.
