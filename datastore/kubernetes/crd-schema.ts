import { assertNever } from '../../common/index.js';
import { FieldIssues, Fields } from '../model/fields.js';

/**
 * Derives an OpenAPI v3 (structural) schema from a kind's own reader, so the CRDs and the model cannot
 * disagree about a field's name or type. The reader runs once on an empty object through a recording
 * cursor: every typed read (`string`, `integer`, `oneOf`, ...) records the field and its type, and
 * `object()`/`objects()` hand back a recording cursor even for absent fields so nested readers record
 * too.
 *
 * What the schema deliberately leaves out: ranges, patterns and `required`. Readers apply those
 * conditionally (blockSize's minimum depends on the CIDR's family, asNumber is required only with
 * peerIP), so a recorded value would refuse valid objects on the server. The model's validators, run
 * before every write, stay the one authority. Every object node also keeps
 * `x-kubernetes-preserve-unknown-fields`: a field read only on some branch is missed by one recording
 * run, and pruning it on the server would lose data silently.
 */
export type Shape =
  | { readonly type: 'string'; readonly enum?: readonly string[] }
  | { readonly type: 'integer' }
  | { readonly type: 'boolean' }
  | { readonly type: 'object'; readonly properties: ReadonlyMap<string, Shape> }
  | { readonly type: 'array'; readonly items: Shape }
  | { readonly type: 'any' };

const ANY: Shape = { type: 'any' };
/** Deep enough for every reader of the model; stops a self-referencing reader from recursing forever. */
const MAX_DEPTH = 12;

class RecordingFields extends Fields {
  readonly shapes = new Map<string, Shape>();
  private readonly children = new Map<string, RecordingFields>();

  constructor(
    path: string,
    readonly depth: number,
  ) {
    super({}, path, new FieldIssues());
  }

  override raw(key: string): unknown {
    if (!this.shapes.has(key)) this.shapes.set(key, ANY);
    return super.raw(key);
  }

  override string(key: string, options: Parameters<Fields['string']>[1] = {}): string | undefined {
    this.record(key, { type: 'string' });
    return super.string(key, options);
  }

  override boolean(key: string, options: Parameters<Fields['boolean']>[1] = {}): boolean | undefined {
    this.record(key, { type: 'boolean' });
    return super.boolean(key, options);
  }

  override integer(key: string, options: Parameters<Fields['integer']>[1] = {}): number | undefined {
    this.record(key, { type: 'integer' });
    return super.integer(key, options);
  }

  override oneOf<T extends string>(
    key: string,
    values: readonly T[],
    options: Parameters<Fields['oneOf']>[2] = {},
  ): T | undefined {
    this.record(key, { type: 'string', enum: values });
    return super.oneOf(key, values, options);
  }

  override object(key: string): Fields | undefined {
    super.raw(key);
    return this.child(key);
  }

  override array(key: string): Array<{ value: unknown; path: string }> | undefined {
    this.record(key, { type: 'array', items: ANY });
    super.raw(key);
    return [];
  }

  override objects(key: string): Fields[] | undefined {
    super.raw(key);
    const item = this.child(key, true);
    return item === undefined ? [] : [item];
  }

  override strings(key: string): string[] | undefined {
    this.record(key, { type: 'array', items: { type: 'string' } });
    super.raw(key);
    return [];
  }

  /** The shape recorded for this cursor, with its children's shapes folded in. */
  shape(): Shape {
    const properties = new Map<string, Shape>();
    for (const [key, shape] of this.shapes) {
      const child = this.children.get(key);
      if (child === undefined) properties.set(key, shape);
      else if (shape.type === 'array') properties.set(key, { type: 'array', items: child.shape() });
      else properties.set(key, merge(shape, child.shape()));
    }
    return { type: 'object', properties };
  }

  private child(key: string, asArrayItem = false): RecordingFields | undefined {
    if (this.depth >= MAX_DEPTH) {
      this.record(key, ANY);
      return undefined;
    }
    const empty: Shape = { type: 'object', properties: new Map() };
    this.record(key, asArrayItem ? { type: 'array', items: empty } : empty);
    let child = this.children.get(key);
    if (child === undefined) {
      child = new RecordingFields(this.at(key), this.depth + 1);
      this.children.set(key, child);
    }
    return child;
  }

  private record(key: string, shape: Shape): void {
    const previous = this.shapes.get(key);
    this.shapes.set(key, previous === undefined || previous.type === 'any' ? shape : merge(previous, shape));
  }
}

/** Two readings of one field: the same type keeps it (enums united); different types give `any`. */
function merge(a: Shape, b: Shape): Shape {
  if (a.type === 'any') return b;
  if (b.type === 'any') return a;
  if (a.type === 'string' && b.type === 'string') {
    if (a.enum === undefined || b.enum === undefined) return { type: 'string' };
    return { type: 'string', enum: [...new Set([...a.enum, ...b.enum])] };
  }
  if (a.type === 'array' && b.type === 'array') return { type: 'array', items: merge(a.items, b.items) };
  if (a.type === 'object' && b.type === 'object') {
    const properties = new Map(a.properties);
    for (const [key, shape] of b.properties) {
      const existing = properties.get(key);
      properties.set(key, existing === undefined ? shape : merge(existing, shape));
    }
    return { type: 'object', properties };
  }
  return a.type === b.type ? a : ANY;
}

/**
 * Runs `read` (a kind's spec or status reader) on a recording cursor. A reader that throws on the
 * empty input leaves the schema open (`any`) rather than failing generation: the CRD then types less
 * but still stores everything.
 */
export function recordShape(path: string, read: (fields: Fields) => unknown): Shape {
  const fields = new RecordingFields(path, 0);
  try {
    read(fields);
  } catch {
    return { type: 'object', properties: new Map() };
  }
  return fields.shape();
}

export type JsonSchema = { readonly [key: string]: unknown };

/** A Shape as an OpenAPI v3 structural schema node, properties sorted so the YAML is stable. */
export function toOpenApi(shape: Shape): JsonSchema {
  switch (shape.type) {
    case 'string':
      return shape.enum === undefined ? { type: 'string' } : { type: 'string', enum: [...shape.enum] };
    case 'integer':
      return { type: 'integer', format: 'int64' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return { type: 'array', items: toOpenApi(shape.items) };
    case 'object': {
      const keys = [...shape.properties.keys()].sort();
      const properties = Object.fromEntries(
        keys.map((key) => [key, toOpenApi(shape.properties.get(key) as Shape)]),
      );
      return {
        type: 'object',
        ...(keys.length > 0 ? { properties } : {}),
        'x-kubernetes-preserve-unknown-fields': true,
      };
    }
    case 'any':
      // A field the reader takes in more than one form (a port number or name): typed by the model only.
      return { 'x-kubernetes-preserve-unknown-fields': true };
    default:
      return assertNever(shape, 'schema shape');
  }
}
