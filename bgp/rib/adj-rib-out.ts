/**
 * Adj-RIB-Out (RFC 4271 §3.2, §9.2) for one peer: what we advertised to it, per family, and what we will
 * advertise at the next flush. Best-path changes come in as they happen; flush() hands out the diff since
 * the last flush (new or changed routes grouped by attribute set, withdrawals), which update packing turns
 * into UPDATE messages. A route that changes twice between flushes is sent once, in its final state, and
 * one that changes back is not sent at all (§9.2.1.1's rate limiting comes for free with batching).
 */
import { comparePrefixes, type Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import type { AttributeSet, AttributeStore } from './attribute-store.js';
import type { BestPathChange } from './best-path-change.js';
import {
  exportAttributes,
  gracefulShutdownExport,
  mayAdvertise,
  type ExportOptions,
} from './export-policy.js';
import {
  keepPolicySets,
  reflectedAttributes,
  type ClusterIdFor,
  type ExportFilter,
} from './export-filter.js';
import { PrefixMap } from './prefix-map.js';
import type { RibPeer, RibRoute } from './rib-route.js';

export interface AdjRibOutOptions extends ExportOptions {
  /** Configured export policy (export-filter.ts); absent: the protocol rules alone. */
  readonly filter?: ExportFilter;
  /** Route reflection: the CLUSTER_ID for a reflected route (set when reflect() lets iBGP routes through). */
  readonly clusterIdFor?: ClusterIdFor;
  /** RFC 8326 drain: every route goes with GRACEFUL_SHUTDOWN (and LOCAL_PREF 0 towards iBGP). */
  readonly gracefulShutdown?: boolean;
  /** The families negotiated with the peer (RFC 4760); routes of others are not kept. */
  readonly families: readonly Family[];
  /** The degree of preference the Loc-RIB used for a route, sent as LOCAL_PREF to internal peers. */
  readonly degreeOfPreference: (route: RibRoute) => number;
}

export interface AdvertisedRoute {
  readonly prefix: Prefix;
  readonly attributes: AttributeSet;
}

/** The diff of one family since the last flush. Valid until the Adj-RIB-Out changes again. */
export interface AdjRibOutDiff {
  readonly family: Family;
  /** New and changed routes, grouped by the attribute set they are sent with; sorted by prefix. */
  readonly announced: ReadonlyMap<AttributeSet, readonly Prefix[]>;
  /** Routes advertised before and not any more; sorted. */
  readonly withdrawn: readonly Prefix[];
  /** The first flush of the family ends the initial table transfer: send End-of-RIB (RFC 4724 §2). */
  readonly endOfRib: boolean;
}

interface Pending {
  readonly prefix: Prefix;
  /** undefined: withdraw. Holds a reference, handed to the advertised table at flush. */
  readonly attributes: AttributeSet | undefined;
}

/**
 * PrefixMap, not a Map keyed by prefixKey(): an IPv4 key there is a 38-bit number, a boxed double per
 * entry, and a full-table transfer (seed, then flush) spent most of its time hashing and collecting them.
 */
class FamilyOut {
  readonly advertised = new PrefixMap<AdvertisedRoute>();
  readonly pending = new PrefixMap<Pending>();
  /** The initial table transfer, offered as flush() takes it (see seed()). */
  seeding: Iterator<{ readonly prefix: Prefix; readonly best: RibRoute | undefined }> | undefined;
  endOfRibSent = false;
}

/**
 * Per source attribute set: the exported set (null: not exported) by source peer kind, family, policy
 * outcome and reflection (originator and cluster).
 */
type ExportCache = Map<string, AttributeSet | null>;

export class AdjRibOut {
  private readonly tables = new Map<Family, FamilyOut>();
  private exportCache = new WeakMap<AttributeSet, ExportCache>();

  constructor(
    readonly peer: RibPeer,
    private readonly store: AttributeStore,
    private options: AdjRibOutOptions,
  ) {
    for (const family of options.families) this.tables.set(family, new FamilyOut());
  }

  get families(): readonly Family[] {
    return this.options.families;
  }

  /** Best-path changes from the Loc-RIB. */
  onBestPathChanges(changes: readonly BestPathChange[]): void {
    for (const change of changes) {
      const table = this.tables.get(change.family);
      if (table === undefined) continue;
      this.offer(table, change.prefix, change.kind === 'removed' ? undefined : change.best);
    }
  }

  /**
   * The initial table transfer: every current best route (LocRib.bestEntries(), a live iterator). It is
   * offered as flush() takes it, so a peer coming up next to a 1M-route table costs no single long turn
   * of the event loop (its hold timer, and everyone's keepalives, need those turns). Reading `best` late
   * is safe: offer() is idempotent, and a change made meanwhile is offered by onBestPathChanges anyway.
   */
  seed(
    family: Family,
    bestRoutes: Iterable<{ readonly prefix: Prefix; readonly best: RibRoute | undefined }>,
  ): void {
    const table = this.tables.get(family);
    if (table !== undefined) table.seeding = bestRoutes[Symbol.iterator]();
  }

  /**
   * The changes of `family` since the last flush; they now count as advertised. With `maxRoutes`, at
   * most that many (a session with flow control takes a full table in parts, so no one turn of the
   * event loop packs a million routes); End-of-RIB then comes with the part that empties the initial
   * transfer.
   */
  flush(family: Family, maxRoutes = Number.POSITIVE_INFINITY): AdjRibOutDiff {
    const table = this.tables.get(family);
    if (table === undefined) return { family, announced: new Map(), withdrawn: [], endOfRib: false };
    this.continueSeeding(table, maxRoutes);
    const announced = new Map<AttributeSet, Prefix[]>();
    const withdrawn: Prefix[] = [];
    const partial = table.pending.size > maxRoutes;
    let taken = 0;
    for (const { prefix, attributes } of table.pending.values()) {
      if (taken++ === maxRoutes) break;
      if (partial) table.pending.delete(prefix);
      const old = table.advertised.get(prefix);
      if (old !== undefined) this.store.release(old.attributes);
      if (attributes === undefined) {
        table.advertised.delete(prefix);
        withdrawn.push(prefix);
      } else {
        table.advertised.set(prefix, { prefix, attributes });
        pushTo(announced, attributes, prefix);
      }
    }
    if (!partial) table.pending.clear();
    const endOfRib = !table.endOfRibSent && table.pending.size === 0 && table.seeding === undefined;
    if (endOfRib) table.endOfRibSent = true;
    return {
      family,
      announced: sortedGroups(announced),
      withdrawn: withdrawn.sort(comparePrefixes),
      endOfRib,
    };
  }

  /**
   * Route refresh (RFC 2918 §4, RFC 7313 §4): everything advertised for `family` again, after applying
   * what was pending (pending withdrawals are part of the answer, so a plain refresh stays correct).
   */
  refresh(family: Family): AdjRibOutDiff {
    const flushed = this.flush(family);
    const table = this.tables.get(family);
    const announced = new Map<AttributeSet, Prefix[]>();
    for (const { prefix, attributes } of table?.advertised.values() ?? [])
      pushTo(announced, attributes, prefix);
    return {
      family,
      announced: sortedGroups(announced),
      withdrawn: flushed.withdrawn,
      endOfRib: flushed.endOfRib,
    };
  }

  /**
   * Export policy, reflection or drain changed (the families stay): every current best route is offered
   * again; only routes whose exported attributes differ from what was advertised become pending, so the
   * next flush sends the differences and the session stays up.
   */
  reconfigure(
    options: Omit<AdjRibOutOptions, 'families'>,
    bestRoutes: (
      family: Family,
    ) => Iterable<{ readonly prefix: Prefix; readonly best: RibRoute | undefined }>,
  ): void {
    this.options = { ...options, families: this.options.families };
    this.exportCache = new WeakMap();
    for (const [family, table] of this.tables) {
      const offered = new PrefixMap<true>();
      for (const { prefix, best } of bestRoutes(family)) {
        offered.set(prefix, true);
        this.offer(table, prefix, best);
      }
      // Anything advertised that has no best route any more is withdrawn (cannot normally happen).
      const gone = [...table.advertised.values()].filter(({ prefix }) => offered.get(prefix) === undefined);
      for (const { prefix } of gone) this.offer(table, prefix, undefined);
    }
  }

  get currentOptions(): AdjRibOutOptions {
    return this.options;
  }

  /** Routes whose changes wait for the next flush. */
  pendingCount(family: Family): number {
    return this.tables.get(family)?.pending.size ?? 0;
  }

  /** Changes wait, or the initial transfer is not all offered yet: flush() again. */
  hasPending(family: Family): boolean {
    const table = this.tables.get(family);
    return table !== undefined && (table.pending.size > 0 || table.seeding !== undefined);
  }

  advertisedCount(family: Family): number {
    return this.tables.get(family)?.advertised.size ?? 0;
  }

  advertised(family: Family): IterableIterator<AdvertisedRoute> {
    return (this.tables.get(family)?.advertised ?? new PrefixMap<AdvertisedRoute>()).values();
  }

  /** The session is gone: give every attribute set back. */
  dispose(): void {
    for (const table of this.tables.values()) {
      for (const { attributes } of table.advertised.values()) this.store.release(attributes);
      for (const { attributes } of table.pending.values())
        if (attributes !== undefined) this.store.release(attributes);
      table.advertised.clear();
      table.pending.clear();
      table.seeding = undefined;
    }
    this.exportCache = new WeakMap();
  }

  private continueSeeding(table: FamilyOut, maxRoutes: number): void {
    for (let n = 0; table.seeding !== undefined && n < maxRoutes; n++) {
      const next = table.seeding.next();
      if (next.done === true) table.seeding = undefined;
      else this.offer(table, next.value.prefix, next.value.best);
    }
  }

  private offer(table: FamilyOut, prefix: Prefix, best: RibRoute | undefined): void {
    const wanted = best === undefined ? undefined : this.exported(best, familyOf(prefix));
    const pending = table.pending.get(prefix);
    if (pending?.attributes !== undefined) this.store.release(pending.attributes);
    const advertised = table.advertised.get(prefix)?.attributes;
    if (wanted === advertised) {
      table.pending.delete(prefix);
      if (wanted !== undefined) this.store.release(wanted);
      return;
    }
    table.pending.set(prefix, { prefix, attributes: wanted });
  }

  /** The interned attributes to send for `route` (one reference taken), or undefined to send nothing. */
  private exported(route: RibRoute, family: Family): AttributeSet | undefined {
    if (!mayAdvertise(route, this.peer, this.options)) return undefined;
    const source = route.attributes;
    let filtered = source.value;
    let policyKey = '';
    if (this.options.filter !== undefined) {
      const verdict = this.options.filter(route.prefix, family, source.value, route.peer);
      if (verdict.verdict !== 'accept') return undefined;
      filtered = verdict.attributes;
      policyKey = verdict.key;
    }
    const reflecting = route.peer.kind === 'internal' && this.peer.kind === 'internal';
    const clusterId = reflecting ? this.options.clusterIdFor?.(route) : undefined;
    let perKind = this.exportCache.get(source);
    if (perKind === undefined) {
      perKind = new Map();
      this.exportCache.set(source, perKind);
    }
    const reflectKey =
      clusterId === undefined ? '' : `${route.peer.routerId.toString()}/${clusterId.toString()}`;
    const cacheKey = `${route.peer.kind} ${family} ${policyKey} ${reflectKey}`;
    const cached = perKind.get(cacheKey);
    if (cached === null) return undefined;
    if (cached !== undefined && cached.live) return this.store.retain(cached);
    let attributes = exportAttributes(
      filtered,
      route.peer.kind,
      this.options.degreeOfPreference(route),
      family,
      this.peer,
      this.options,
    );
    if (attributes !== undefined) {
      const toExternal = this.peer.kind === 'external';
      attributes = keepPolicySets(attributes, source.value, filtered, toExternal);
      if (clusterId !== undefined) attributes = reflectedAttributes(attributes, route.peer, clusterId);
      if (this.options.gracefulShutdown === true)
        attributes = gracefulShutdownExport(attributes, !toExternal);
    }
    const set = attributes === undefined ? undefined : this.store.acquire(attributes);
    perKind.set(cacheKey, set ?? null);
    return set;
  }
}

function familyOf(prefix: Prefix): Family {
  return prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast';
}

function pushTo(groups: Map<AttributeSet, Prefix[]>, set: AttributeSet, prefix: Prefix): void {
  const list = groups.get(set);
  if (list === undefined) groups.set(set, [prefix]);
  else list.push(prefix);
}

/** Deterministic output whatever the order changes came in: groups by attribute key, prefixes sorted. */
function sortedGroups(groups: Map<AttributeSet, Prefix[]>): Map<AttributeSet, Prefix[]> {
  const sets = [...groups.keys()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return new Map(sets.map((set) => [set, (groups.get(set) as Prefix[]).sort(comparePrefixes)]));
}
