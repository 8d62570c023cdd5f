/** One leaf of a convict schema: its dotted key and what the operator needs to know about it. */
export interface SchemaKey {
  readonly key: string;
  readonly env?: string;
  readonly doc: string;
  readonly default: unknown;
  readonly sensitive: boolean;
}

/** Walks a convict schema: a leaf is an object with a `default`; anything else is a group of keys. */
export function schemaKeys(schema: object, prefix = ''): SchemaKey[] {
  return Object.entries(schema).flatMap(([name, item]): SchemaKey[] => {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof item !== 'object' || item === null) return [];
    if (!Object.hasOwn(item, 'default')) return schemaKeys(item as object, key);
    const leaf = item as { env?: string; doc?: string; default: unknown; sensitive?: boolean };
    return [
      {
        key,
        ...(leaf.env === undefined ? {} : { env: leaf.env }),
        doc: leaf.doc ?? '',
        default: leaf.default,
        sensitive: leaf.sensitive === true,
      },
    ];
  });
}
