/**
 * Reading untrusted YAML into typed values, collecting every problem with its field path
 * ("peers[1].asn: must be an integer 1..4294967295") so one run shows them all.
 */
import { tryParseIpAddress, tryParsePrefix, type IpAddress, type Prefix } from '../../common/index.js';

export class Fields {
  readonly problems: string[] = [];

  problem(path: string, message: string): undefined {
    this.problems.push(`${path}: ${message}`);
    return undefined;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    return this.problem(path, `must be a mapping, got ${describe(value)}`);
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    return this.problem(path, `must be a list, got ${describe(value)}`);
  }

  /** Problems for keys not in `known` (typos must not be silently ignored). */
  onlyKnown(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const key of Object.keys(obj))
      if (!known.includes(key))
        this.problem(path === '' ? key : `${path}.${key}`, `unknown field (known: ${known.join(', ')})`);
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    return this.problem(path, `must be an integer ${min}..${max}, got ${describe(value)}`);
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    return this.problem(path, `must be a non-empty string, got ${describe(value)}`);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    return this.problem(path, `must be true or false, got ${describe(value)}`);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    return this.problem(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }

  address(value: unknown, path: string): IpAddress | undefined {
    const parsed = typeof value === 'string' ? tryParseIpAddress(value) : undefined;
    return parsed ?? this.problem(path, `must be an IPv4 or IPv6 address, got ${describe(value)}`);
  }

  prefix(value: unknown, path: string): Prefix | undefined {
    const parsed = typeof value === 'string' ? tryParsePrefix(value) : undefined;
    return parsed ?? this.problem(path, `must be a prefix like 10.0.0.0/24, got ${describe(value)}`);
  }

  /** Optional: undefined stays undefined without a problem. */
  optional<T>(value: unknown, read: (v: unknown) => T | undefined): T | undefined {
    return value === undefined ? undefined : read(value);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}
