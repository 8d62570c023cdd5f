// A small reader for the JSON network config: each accessor checks one field's type and throws a
// CniError naming its path (`datastore.endpoints[1]`), so the operator can fix the file at once.
import { CniError } from './cni-error.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ConfigFields {
  private readonly read = new Set<string>();

  constructor(
    readonly value: JsonObject,
    private readonly path: string,
  ) {}

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    this.read.add(key);
    return this.value[key];
  }

  string(
    key: string,
    options: { required?: boolean; pattern?: RegExp; hint?: string } = {},
  ): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return this.missing(key, options.required, 'a string');
    if (typeof value !== 'string') throw this.wrongType(key, value, 'a string');
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      throw this.invalid(key, value, options.hint ?? `a string matching ${String(options.pattern)}`);
    }
    return value;
  }

  integer(key: string, min: number, max: number): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(key, value, `an integer in ${min}..${max}`);
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw this.wrongType(key, value, 'true or false');
    return value;
  }

  strings(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw this.wrongType(key, value, 'an array of strings');
    }
    return value as string[];
  }

  object(key: string, required = false): ConfigFields | undefined {
    const value = this.raw(key);
    if (value === undefined) return this.missing(key, required, 'an object');
    if (!isObject(value)) throw this.wrongType(key, value, 'an object');
    return new ConfigFields(value, this.at(key));
  }

  /** Spec 1.1 §"Error": code 2, "the error message must contain the key and value of the field". */
  rejectUnknown(allowed: readonly string[] = []): void {
    for (const [key, value] of Object.entries(this.value)) {
      if (this.read.has(key) || allowed.includes(key)) continue;
      throw new CniError(
        'UNSUPPORTED_FIELD',
        `unsupported field ${this.at(key)}=${JSON.stringify(value)}: twill-cni does not know it (a typo?)`,
        { details: { field: this.at(key), value } },
      );
    }
  }

  private missing(key: string, required: boolean | undefined, expected: string): undefined {
    if (required === true) {
      throw new CniError('INVALID_NETWORK_CONFIG', `${this.at(key)} is required: set it to ${expected}`, {
        details: { field: this.at(key) },
      });
    }
    return undefined;
  }

  private wrongType(key: string, value: unknown, expected: string): CniError {
    return this.invalid(key, value, expected);
  }

  private invalid(key: string, value: unknown, expected: string): CniError {
    return new CniError(
      'INVALID_NETWORK_CONFIG',
      `${this.at(key)} must be ${expected}, got ${JSON.stringify(value)}`,
      { details: { field: this.at(key), value } },
    );
  }
}
