/**
 * Loc-RIB (RFC 4271 §3.2, §9.1): per prefix, the accepted paths of every peer and the one the decision
 * process selected, with its ECMP set. Driven in two phases, as the managers elsewhere in Twill: the
 * Adj-RIBs-In report changed paths (PathSink), which only marks their prefixes; commit() runs the
 * decision for exactly those prefixes and tells subscribers what changed. Batching matters: an UPDATE
 * with 500 prefixes from a peer is one commit, and a prefix touched twice in a batch is decided once.
 *
 * The outcome depends only on the set of paths, never on their arrival order: the decision is the RFC's
 * order-independent elimination (selectBest), and the last tie-breaks (peer address, Path Identifier) are
 * unique per path.
 */
import { comparePrefixes, type Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { PathSink } from './adj-rib-in.js';
import { familyOfPrefix, type BestPathChange, type BestPathListener } from './best-path-change.js';
import { multipathCandidates, selectBest, type DecisionOptions } from './decision.js';
import { CandidateMapper, CONNECTED_NEXT_HOPS, type IgpCostResolver } from './decision-mapping.js';
import { PrefixMap } from './prefix-map.js';
import { rankPaths, type PathRanking } from './decision-explain.js';
import type { RibRoute } from './rib-route.js';

export interface LocRibOptions {
  readonly localAs: number;
  /** §9.1.1 degree of preference where LOCAL_PREF does not apply; default 100 (as every major BGP). */
  readonly defaultLocalPref?: number;
  readonly decision?: DecisionOptions;
  /** Default: every next hop connected at cost 0. */
  readonly igpCost?: IgpCostResolver;
  /** At most this many routes in the ECMP set (the best counts); default 16. 1 turns multipath off. */
  readonly maxPaths?: number;
}

export class LocRibEntry {
  /** Accepted paths of every peer for this prefix, in arrival order (order does not matter to the decision). */
  readonly paths: RibRoute[] = [];
  best: RibRoute | undefined = undefined;
  /** The ECMP set; undefined when it is the best alone (most prefixes: saves an array each). */
  private extraPaths: readonly RibRoute[] | undefined = undefined;
  dirty = false;

  constructor(readonly prefix: Prefix) {}

  get multipath(): readonly RibRoute[] {
    if (this.best === undefined) return [];
    return this.extraPaths ?? [this.best];
  }

  /** @internal */
  setMultipath(paths: readonly RibRoute[]): void {
    this.extraPaths = paths.length > 1 ? paths : undefined;
  }
}

export class LocRib implements PathSink {
  private readonly tables = new Map<Family, PrefixMap<LocRibEntry>>([
    ['ipv4-unicast', new PrefixMap()],
    ['ipv6-unicast', new PrefixMap()],
  ]);
  private dirty: LocRibEntry[] = [];
  private readonly listeners = new Set<BestPathListener>();
  private readonly mapper: CandidateMapper;
  private readonly decision: DecisionOptions;
  private readonly maxPaths: number;
  private decisions = 0;

  constructor(options: LocRibOptions) {
    this.mapper = new CandidateMapper({
      localAs: options.localAs,
      defaultLocalPref: options.defaultLocalPref ?? 100,
      igpCost: options.igpCost ?? CONNECTED_NEXT_HOPS,
    });
    this.decision = options.decision ?? {};
    this.maxPaths = Math.max(1, options.maxPaths ?? 16);
  }

  pathUpdated(route: RibRoute): void {
    const entry = this.entryFor(route.prefix, true) as LocRibEntry;
    const i = entry.paths.findIndex((p) => p.peer === route.peer && p.pathId === route.pathId);
    if (i === -1) entry.paths.push(route);
    else entry.paths[i] = route;
    this.markDirty(entry);
  }

  pathRemoved(route: RibRoute): void {
    const entry = this.entryFor(route.prefix, false);
    if (entry === undefined) return;
    const i = entry.paths.indexOf(route);
    if (i === -1) return;
    entry.paths.splice(i, 1);
    this.markDirty(entry);
  }

  /** Decides every prefix touched since the last commit; returns the changes it also sent to subscribers. */
  commit(): BestPathChange[] {
    if (this.dirty.length === 0) return [];
    const dirty = this.dirty;
    this.dirty = [];
    dirty.sort((x, y) => comparePrefixes(x.prefix, y.prefix));
    const changes: BestPathChange[] = [];
    for (const entry of dirty) {
      entry.dirty = false;
      const change = this.decide(entry);
      if (change !== undefined) changes.push(change);
      if (entry.paths.length === 0) this.table(familyOfPrefix(entry.prefix)).delete(entry.prefix);
    }
    if (changes.length > 0) for (const listener of this.listeners) listener(changes);
    return changes;
  }

  /** Next-hop reachability or IGP costs changed (§9.1.2.2 e): decide every prefix again. */
  igpCostsChanged(): BestPathChange[] {
    this.mapper.invalidate();
    for (const table of this.tables.values()) for (const entry of table.values()) this.markDirty(entry);
    return this.commit();
  }

  subscribe(listener: BestPathListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(prefix: Prefix): LocRibEntry | undefined {
    return this.entryFor(prefix, false);
  }

  /** Entries that have a best path, in table order (insertion); callers sort for display. */
  *bestEntries(family: Family): Generator<LocRibEntry> {
    for (const entry of this.table(family).values()) if (entry.best !== undefined) yield entry;
  }

  /** Every path of `prefix` and why it won or lost (decision-explain.ts). */
  ranking(prefix: Prefix): PathRanking[] {
    return rankPaths(this.get(prefix), this.mapper, this.decision);
  }

  /** Prefixes with a best path. */
  bestCount(family: Family): number {
    let count = 0;
    for (const entry of this.table(family).values()) if (entry.best !== undefined) count++;
    return count;
  }

  /** Prefixes with any path (with or without a best one). */
  size(family: Family): number {
    return this.table(family).size;
  }

  /** The degree of preference the decision used for a route (§9.1.1); export sends it as LOCAL_PREF on iBGP. */
  degreeOfPreference(route: RibRoute): number {
    return this.mapper.localPref(route);
  }

  /** Prefixes decided since creation (each commit decides each touched prefix once): for status and tests. */
  get decidedCount(): number {
    return this.decisions;
  }

  private decide(entry: LocRibEntry): BestPathChange | undefined {
    this.decisions++;
    const previous = entry.best;
    const previousMultipath = entry.multipath;
    const eligible = entry.paths.filter((p) => this.mapper.eligible(p));
    let best: RibRoute | undefined;
    let multipath: readonly RibRoute[] = [];
    if (eligible.length === 1) {
      best = eligible[0] as RibRoute;
      multipath = [best];
    } else if (eligible.length > 1) {
      const candidates = eligible.map((p) => this.mapper.candidate(p));
      const winner = selectBest(candidates, this.decision);
      if (winner !== undefined) {
        best = winner.route;
        multipath =
          this.maxPaths === 1
            ? [best]
            : multipathCandidates(winner, candidates, this.decision)
                .slice(0, this.maxPaths)
                .map((c) => c.route);
      }
    }
    entry.best = best;
    entry.setMultipath(multipath);
    const family = familyOfPrefix(entry.prefix);
    const prefix = entry.prefix;
    if (best === undefined)
      return previous === undefined ? undefined : { kind: 'removed', family, prefix, previous };
    if (previous === undefined) return { kind: 'added', family, prefix, best, multipath };
    if (previous === best && sameRoutes(previousMultipath, multipath)) return undefined;
    return { kind: 'changed', family, prefix, best, multipath, previous };
  }

  private markDirty(entry: LocRibEntry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.dirty.push(entry);
  }

  private entryFor(prefix: Prefix, create: boolean): LocRibEntry | undefined {
    const table = this.table(familyOfPrefix(prefix));
    let entry = table.get(prefix);
    if (entry === undefined && create) {
      entry = new LocRibEntry(prefix);
      table.set(prefix, entry);
    }
    return entry;
  }

  private table(family: Family): PrefixMap<LocRibEntry> {
    return this.tables.get(family) as PrefixMap<LocRibEntry>;
  }
}

function sameRoutes(x: readonly RibRoute[], y: readonly RibRoute[]): boolean {
  return x.length === y.length && x.every((r, i) => r === y[i]);
}
