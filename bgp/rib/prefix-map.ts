/**
 * A Map keyed by prefix value (decoded prefixes are fresh objects). IPv4 prefixes go into one Map per
 * length keyed by the network's significant bits (network >>> (32 - length)): for lengths up to 30 that
 * is a small integer, which V8 stores unboxed and hashes fastest, where one combined 38-bit number key
 * would be a boxed double per entry. IPv6 prefixes are keyed by text.
 */
import type { Prefix } from '../../common/index.js';

export class PrefixMap<V> {
  private readonly v4: (Map<number, V> | undefined)[] = Array.from({ length: 33 }, () => undefined);
  private readonly v6 = new Map<string, V>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(prefix: Prefix): V | undefined {
    const network = prefix.network;
    if (network.family === 6) return this.v6.get(ipv6Key(prefix));
    return this.v4[prefix.length]?.get(ipv4Key(network.value, prefix.length));
  }

  set(prefix: Prefix, value: V): void {
    const network = prefix.network;
    let map: Map<number | string, V>;
    let key: number | string;
    if (network.family === 6) {
      map = this.v6 as Map<number | string, V>;
      key = ipv6Key(prefix);
    } else {
      let byLength = this.v4[prefix.length];
      if (byLength === undefined) {
        byLength = new Map();
        this.v4[prefix.length] = byLength;
      }
      map = byLength as Map<number | string, V>;
      key = ipv4Key(network.value, prefix.length);
    }
    const before = map.size;
    map.set(key, value);
    this.count += map.size - before;
  }

  delete(prefix: Prefix): boolean {
    const network = prefix.network;
    const deleted =
      network.family === 6
        ? this.v6.delete(ipv6Key(prefix))
        : (this.v4[prefix.length]?.delete(ipv4Key(network.value, prefix.length)) ?? false);
    if (deleted) this.count--;
    return deleted;
  }

  *values(): Generator<V> {
    for (const map of this.v4) if (map !== undefined) yield* map.values();
    yield* this.v6.values();
  }

  clear(): void {
    for (const map of this.v4) map?.clear();
    this.v6.clear();
    this.count = 0;
  }
}

function ipv4Key(value: number, length: number): number {
  return length === 0 ? 0 : value >>> (32 - length);
}

function ipv6Key(prefix: Prefix): string {
  return `${(prefix.network.value as bigint).toString(16)}/${prefix.length}`;
}

/** Paths keyed by prefix and ADD-PATH Path Identifier; identifier 0 (every path without ADD-PATH) is the fast case. */
export class PathMap<V> {
  private readonly first = new PrefixMap<V>();
  private readonly others = new Map<string, V>();

  get size(): number {
    return this.first.size + this.others.size;
  }

  get(prefix: Prefix, pathId: number): V | undefined {
    return pathId === 0 ? this.first.get(prefix) : this.others.get(otherKey(prefix, pathId));
  }

  set(prefix: Prefix, pathId: number, value: V): void {
    if (pathId === 0) this.first.set(prefix, value);
    else this.others.set(otherKey(prefix, pathId), value);
  }

  delete(prefix: Prefix, pathId: number): boolean {
    return pathId === 0 ? this.first.delete(prefix) : this.others.delete(otherKey(prefix, pathId));
  }

  *values(): Generator<V> {
    yield* this.first.values();
    yield* this.others.values();
  }
}

function otherKey(prefix: Prefix, pathId: number): string {
  return `${prefix.toString()}#${pathId}`;
}
