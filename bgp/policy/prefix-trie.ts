/**
 * A compiled prefix list: a binary trie over the network bits of the listed prefixes, each node holding
 * the length ranges of the entries that end there. Matching a route walks at most its prefix length
 * down the trie (32 steps for IPv4, 128 for IPv6) whatever the list's size, so a long prefix list costs
 * no more per route at ingest than a short one.
 */
import type { Prefix } from '../../common/index.js';
import type { PrefixMatch } from './policy-config.js';

interface LengthRange {
  readonly ge: number;
  readonly le: number;
}

class TrieNode {
  zero: TrieNode | undefined;
  one: TrieNode | undefined;
  ranges: LengthRange[] | undefined;
}

export class PrefixTrie {
  private readonly roots = { 4: new TrieNode(), 6: new TrieNode() };
  private empty = true;

  constructor(entries: readonly PrefixMatch[]) {
    for (const entry of entries) this.add(entry);
  }

  /** Whether any entry covers `prefix` with a length in its ge..le range. */
  matches(prefix: Prefix): boolean {
    if (this.empty) return false;
    const bits = prefixBits(prefix);
    let node: TrieNode | undefined = this.roots[prefix.family];
    for (let depth = 0; node !== undefined; depth++) {
      if (
        node.ranges !== undefined &&
        node.ranges.some((r) => prefix.length >= r.ge && prefix.length <= r.le)
      )
        return true;
      if (depth === prefix.length) return false;
      node = bits(depth) ? node.one : node.zero;
    }
    return false;
  }

  private add({ prefix, ge, le }: PrefixMatch): void {
    this.empty = false;
    const bits = prefixBits(prefix);
    let node = this.roots[prefix.family];
    for (let depth = 0; depth < prefix.length; depth++) {
      const next = bits(depth) ? node.one : node.zero;
      const child = next ?? new TrieNode();
      if (next === undefined) {
        if (bits(depth)) node.one = child;
        else node.zero = child;
      }
      node = child;
    }
    const range = lengthRange(prefix, ge, le);
    (node.ranges ??= []).push(range);
  }
}

/** Usual prefix-list defaults: exact; `le` alone: length..le; `ge` alone: ge..max. */
export function lengthRange(prefix: Prefix, ge: number | undefined, le: number | undefined): LengthRange {
  const max = prefix.family === 4 ? 32 : 128;
  if (ge === undefined && le === undefined) return { ge: prefix.length, le: prefix.length };
  return { ge: ge ?? prefix.length, le: le ?? max };
}

/** Bit `i` (0 = most significant) of the prefix's network address. */
function prefixBits(prefix: Prefix): (i: number) => boolean {
  const network = prefix.network;
  if (network.family === 4) {
    const value = network.value;
    return (i) => ((value >>> (31 - i)) & 1) === 1;
  }
  const value = network.value;
  return (i) => ((value >> BigInt(127 - i)) & 1n) === 1n;
}
