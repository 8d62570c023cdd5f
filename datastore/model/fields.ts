import {
  tryParseIpAddress,
  tryParsePrefix,
  type IpAddress,
  type IpFamily,
  type Prefix,
} from '../../common/index.js';
import type { FieldIssue } from '../errors.js';
import { Selector } from '../selector/index.js';

/** Collects every issue of one resource instead of stopping at the first. */
export class FieldIssues {
  readonly list: FieldIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

interface Required {
  readonly required?: boolean;
}

/**
 * A cursor over one JSON object of untrusted input (YAML from a user, JSON from etcd) at a field path.
 * Each reader checks one field's type and range, records an issue with the full path on failure and
 * returns undefined, so a validator reads like a schema and still reports all problems at once.
 */
export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    readonly value: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly issues: FieldIssues,
  ) {}

  /** `value` as an object at `path`, or an issue and undefined. */
  static of(value: unknown, path: string, issues: FieldIssues): Fields | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.add(path, `expected an object, got ${describeType(value)}`);
      return undefined;
    }
    return new Fields(value as Record<string, unknown>, path, issues);
  }

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  issue(key: string, message: string): void {
    this.issues.add(this.at(key), message);
  }

  /** The raw value, marking the field as known. */
  raw(key: string): unknown {
    this.seen.add(key);
    return this.value[key];
  }

  present(key: string, options: Required = {}): boolean {
    const value = this.raw(key);
    if (value !== undefined && value !== null) return true;
    if (options.required === true) this.issue(key, 'is required');
    return false;
  }

  string(
    key: string,
    options: Required & {
      readonly pattern?: RegExp;
      readonly hint?: string;
      readonly maxLength?: number;
    } = {},
  ): string | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.raw(key);
    if (typeof value !== 'string') return this.wrongType(key, 'a string', value);
    if (options.required === true && value === '') return this.wrong(key, 'must not be empty');
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      return this.wrong(key, `must be at most ${options.maxLength} characters, got ${value.length}`);
    }
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      return this.wrong(
        key,
        `${JSON.stringify(value)} is not ${options.hint ?? `of the form ${options.pattern}`}`,
      );
    }
    return value;
  }

  boolean(key: string, options: Required = {}): boolean | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.raw(key);
    if (typeof value !== 'boolean') return this.wrongType(key, 'true or false', value);
    return value;
  }

  integer(
    key: string,
    options: Required & { readonly min?: number; readonly max?: number } = {},
  ): number | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.raw(key);
    if (typeof value !== 'number' || !Number.isInteger(value))
      return this.wrongType(key, 'an integer', value);
    const { min, max } = options;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      return this.wrong(key, `must be between ${min ?? '-inf'} and ${max ?? 'inf'}, got ${value}`);
    }
    return value;
  }

  oneOf<T extends string>(key: string, values: readonly T[], options: Required = {}): T | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.raw(key);
    if (typeof value !== 'string' || !values.includes(value as T)) {
      return this.wrong(key, `must be one of ${values.join(', ')}, got ${describeValue(value)}`);
    }
    return value as T;
  }

  object(key: string, options: Required = {}): Fields | undefined {
    if (!this.present(key, options)) return undefined;
    return Fields.of(this.raw(key), this.at(key), this.issues);
  }

  /** Each element with its path (`spec.peers[2]`); an issue if the field is not an array. */
  array(
    key: string,
    options: Required & { readonly maxItems?: number } = {},
  ): Array<{ value: unknown; path: string }> | undefined {
    if (!this.present(key, options)) return undefined;
    const value = this.raw(key);
    if (!Array.isArray(value)) return this.wrongType(key, 'a list', value);
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      return this.wrong(key, `must have at most ${options.maxItems} items, got ${value.length}`);
    }
    return value.map((item: unknown, index) => ({ value: item, path: `${this.at(key)}[${index}]` }));
  }

  /** A list of objects, each as a Fields cursor (bad elements are reported and skipped). */
  objects(key: string, options: Required & { readonly maxItems?: number } = {}): Fields[] | undefined {
    const items = this.array(key, options);
    if (items === undefined) return undefined;
    return items.flatMap(({ value, path }) => Fields.of(value, path, this.issues) ?? []);
  }

  strings(key: string, options: Required & { readonly maxItems?: number } = {}): string[] | undefined {
    const items = this.array(key, options);
    if (items === undefined) return undefined;
    const out: string[] = [];
    for (const { value, path } of items) {
      if (typeof value === 'string') out.push(value);
      else this.issues.add(path, `expected a string, got ${describeType(value)}`);
    }
    return out;
  }

  prefix(key: string, options: Required & { readonly family?: IpFamily } = {}): Prefix | undefined {
    const text = this.string(key, options);
    if (text === undefined) return undefined;
    return checkPrefix(text, this.at(key), this.issues, options.family);
  }

  address(key: string, options: Required & { readonly family?: IpFamily } = {}): IpAddress | undefined {
    const text = this.string(key, options);
    if (text === undefined) return undefined;
    return checkAddress(text, this.at(key), this.issues, options.family);
  }

  selector(key: string, options: Required = {}): Selector | undefined {
    const text = this.string(key, options);
    if (text === undefined) return undefined;
    return checkSelector(text, this.at(key), this.issues);
  }

  /** Reports every field this cursor has not read: a typo like `blocksize` must not be silently dropped. */
  rejectUnknown(): void {
    for (const key of Object.keys(this.value)) {
      if (!this.seen.has(key)) this.issue(key, 'unknown field');
    }
  }

  private wrong(key: string, message: string): undefined {
    this.issue(key, message);
    return undefined;
  }

  private wrongType(key: string, expected: string, value: unknown): undefined {
    return this.wrong(key, `expected ${expected}, got ${describeType(value)}`);
  }
}

export function checkPrefix(
  text: string,
  path: string,
  issues: FieldIssues,
  family?: IpFamily,
): Prefix | undefined {
  const prefix = tryParsePrefix(text, family === undefined ? {} : { family });
  if (prefix === undefined) {
    const hint = family === undefined ? 'a CIDR' : `an IPv${family} CIDR`;
    issues.add(
      path,
      `${JSON.stringify(text)} is not ${hint} with host bits clear (like ${family === 6 ? 'fd00::/64' : '10.0.0.0/16'})`,
    );
  }
  return prefix;
}

export function checkAddress(
  text: string,
  path: string,
  issues: FieldIssues,
  family?: IpFamily,
): IpAddress | undefined {
  const result = tryParseIpAddress(text);
  if (result === undefined) {
    issues.add(path, `${JSON.stringify(text)} is not an IP address`);
    return undefined;
  }
  if (family !== undefined && result.family !== family) {
    issues.add(path, `${JSON.stringify(text)} is not an IPv${family} address`);
    return undefined;
  }
  return result;
}

export function checkSelector(text: string, path: string, issues: FieldIssues): Selector | undefined {
  try {
    return Selector.parse(text);
  } catch (err) {
    issues.add(path, err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${describeValue(value)}`;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
