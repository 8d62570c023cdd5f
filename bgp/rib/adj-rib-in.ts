/**
 * Adj-RIB-In (RFC 4271 §3.2): the routes one peer advertised to us, per family, unprocessed by the
 * decision process. Each path is kept apart by prefix and ADD-PATH Path Identifier (RFC 7911 §3).
 * Received routes stay here even when import refuses them (AS_PATH loop, ...), flagged, so the
 * "received" view is the truth of what the peer sent; only accepted ones reach the Loc-RIB, through
 * the PathSink.
 */
import type { Prefix } from '../../common/index.js';
import type { Family } from '../wire/family.js';
import { FAMILIES, familyOf } from '../wire/family.js';
import type { Nlri, UpdateMessage } from '../wire/model.js';
import type { UpdateReport } from '../wire/update-report.js';
import type { AttributeStore } from './attribute-store.js';
import { importRejection, type ImportOptions } from './import-checks.js';
import { PathMap } from './prefix-map.js';
import { RibError } from './rib-errors.js';
import { RibRoute, type RibPeer } from './rib-route.js';
import type { RouteAttributes } from './route-attributes.js';
import { endOfRibFamily, reachableOf, withdrawnOf } from './update-contents.js';

/** Where accepted routes go (the Loc-RIB). Called once per changed path, in arrival order. */
export interface PathSink {
  /** `route` is now the peer's path for its prefix and Path Identifier (new, or replacing another). */
  pathUpdated(route: RibRoute): void;
  /** The peer's path `route` is gone (withdrawn, replaced by a refused route, swept, or the peer left). */
  pathRemoved(route: RibRoute): void;
}

export const NULL_SINK: PathSink = { pathUpdated: () => undefined, pathRemoved: () => undefined };

/** What the RIB reads of the codec's RFC 7606 report on an UPDATE (bgp/wire's UpdateReport). */
export type ApplyOptions = Partial<Pick<UpdateReport, 'treatAsWithdraw' | 'disabledFamilies'>>;

export interface ApplyOutcome {
  readonly announced: number;
  readonly withdrawn: number;
  /** The family whose End-of-RIB marker (RFC 4724 §2) this UPDATE was. */
  readonly endOfRib: Family | undefined;
}

class FamilyTable {
  readonly routes = new PathMap<RibRoute>();
  accepted = 0;
  generation = 1;
  /** Routes whose generation is below this are stale (graceful restart, RFC 4724 §4.2). */
  staleBelow = 0;
  endOfRibReceived = false;
  /** RFC 4760 §7 AFI/SAFI disable: the peer's routes of this family are ignored until the session resets. */
  disabled = false;
}

export class AdjRibIn {
  private readonly tables = new Map<Family, FamilyTable>(FAMILIES.map((f) => [f, new FamilyTable()]));
  private importOptions: ImportOptions;

  constructor(
    readonly peer: RibPeer,
    private readonly store: AttributeStore,
    importOptions: ImportOptions,
    private readonly sink: PathSink = NULL_SINK,
  ) {
    this.importOptions = importOptions;
  }

  /**
   * Applies one decoded UPDATE with the codec's RFC 7606 verdict: withdrawals first, then announcements
   * (RFC 4271 §9); treat-as-withdraw turns the announcements into withdrawals (RFC 7606 §2); AFI/SAFI
   * disable (RFC 4760 §7) drops the family's routes and ignores it from then on.
   */
  applyUpdate(update: UpdateMessage, options: ApplyOptions = {}): ApplyOutcome {
    for (const { afi, safi } of options.disabledFamilies ?? []) {
      const family = familyOf(afi, safi);
      if (family === undefined) continue;
      this.withdrawAll(family);
      this.table(family).disabled = true;
    }
    const endOfRib = endOfRibFamily(update);
    if (endOfRib !== undefined) {
      this.table(endOfRib).endOfRibReceived = true;
      return { announced: 0, withdrawn: 0, endOfRib };
    }
    let withdrawn = 0;
    for (const { family, nlri } of withdrawnOf(update)) withdrawn += this.withdrawNlri(family, nlri);
    let announced = 0;
    for (const reach of reachableOf(update)) {
      if (options.treatAsWithdraw === true) {
        withdrawn += this.withdrawNlri(reach.family, reach.nlri);
      } else {
        this.announceNlri(reach.family, reach.nlri, reach.attributes);
        announced += reach.nlri.length;
      }
    }
    return { announced, withdrawn, endOfRib: undefined };
  }

  /** Announces routes sharing one attribute set (an UPDATE's NLRI, or the speaker's own prefixes). */
  announceNlri(family: Family, nlri: readonly Nlri[], attributes: RouteAttributes): void {
    const table = this.table(family);
    if (nlri.length === 0 || table.disabled) return;
    const set = this.store.acquire(attributes, nlri.length);
    const rejection = importRejection(set.value, this.peer, this.importOptions);
    for (const { prefix, pathId } of nlri) {
      checkFamily(family, prefix);
      const id = pathId ?? 0;
      const old = table.routes.get(prefix, id);
      if (old !== undefined && old.attributes === set) {
        // The same route again: nothing changes for the Loc-RIB, only the staleness.
        old.generation = table.generation;
        this.store.release(set);
        continue;
      }
      const route = new RibRoute(this.peer, prefix, id, set, rejection, table.generation);
      table.routes.set(prefix, id, route);
      if (old !== undefined) this.forget(table, old);
      if (route.accepted) {
        table.accepted++;
        this.sink.pathUpdated(route);
      } else if (old?.accepted === true) {
        this.sink.pathRemoved(old);
      }
    }
  }

  /** Withdraws routes; unknown ones are ignored (RFC 4271 does not make that an error). */
  withdrawNlri(family: Family, nlri: readonly Nlri[]): number {
    const table = this.table(family);
    let removed = 0;
    for (const { prefix, pathId } of nlri) {
      checkFamily(family, prefix);
      const old = table.routes.get(prefix, pathId ?? 0);
      if (old === undefined) continue;
      table.routes.delete(prefix, pathId ?? 0);
      this.forget(table, old);
      if (old.accepted) this.sink.pathRemoved(old);
      removed++;
    }
    return removed;
  }

  /** Every route of `family` (or of all families) is gone: the session closed, or RFC 7606 AFI/SAFI disable. */
  withdrawAll(family?: Family): number {
    let removed = 0;
    for (const f of family === undefined ? FAMILIES : [family]) {
      removed += this.removeWhere(this.table(f), () => true);
    }
    return removed;
  }

  /**
   * Graceful restart (RFC 4724 §4.2), mechanism only: when the peer restarts, its routes are kept but
   * marked stale; what it announces again is fresh; sweepStale() then removes what it did not.
   */
  markStale(family?: Family): void {
    for (const f of family === undefined ? FAMILIES : [family]) {
      const table = this.table(f);
      table.generation++;
      table.staleBelow = table.generation;
      table.endOfRibReceived = false;
    }
  }

  /** Removes the routes still stale (after End-of-RIB or the stale timer); returns how many. */
  sweepStale(family?: Family): number {
    let removed = 0;
    for (const f of family === undefined ? FAMILIES : [family]) {
      const table = this.table(f);
      removed += this.removeWhere(table, (r) => r.generation < table.staleBelow);
    }
    return removed;
  }

  /** Routes of `family` still stale (graceful restart): kept, used, but not refreshed by the peer yet. */
  staleCount(family: Family): number {
    const table = this.table(family);
    let n = 0;
    for (const r of table.routes.values()) if (r.generation < table.staleBelow) n++;
    return n;
  }

  isStale(route: RibRoute): boolean {
    return (
      route.generation < this.table(route.prefix.family === 4 ? 'ipv4-unicast' : 'ipv6-unicast').staleBelow
    );
  }

  /**
   * Runs import again with new options (allowas-in changed), without asking the peer to resend: routes
   * whose verdict changed enter or leave the Loc-RIB.
   */
  reimport(options: ImportOptions): void {
    this.importOptions = options;
    for (const table of this.tables.values()) {
      for (const old of table.routes.values()) {
        const rejection = importRejection(old.attributes.value, this.peer, options);
        if (rejection === old.rejection) continue;
        const route = new RibRoute(
          this.peer,
          old.prefix,
          old.pathId,
          old.attributes,
          rejection,
          old.generation,
        );
        table.routes.set(old.prefix, old.pathId, route);
        if (route.accepted) {
          table.accepted++;
          this.sink.pathUpdated(route);
        } else {
          table.accepted--;
          this.sink.pathRemoved(old);
        }
      }
    }
  }

  /** Routes received (accepted or not). */
  receivedCount(family: Family): number {
    return this.table(family).routes.size;
  }

  /** Routes received and accepted by import. */
  acceptedCount(family: Family): number {
    return this.table(family).accepted;
  }

  endOfRibReceived(family: Family): boolean {
    return this.table(family).endOfRibReceived;
  }

  routes(family: Family): Iterable<RibRoute> {
    return this.table(family).routes.values();
  }

  get(family: Family, prefix: Prefix, pathId = 0): RibRoute | undefined {
    return this.table(family).routes.get(prefix, pathId);
  }

  private removeWhere(table: FamilyTable, doomed: (route: RibRoute) => boolean): number {
    let removed = 0;
    for (const route of [...table.routes.values()]) {
      if (!doomed(route)) continue;
      table.routes.delete(route.prefix, route.pathId);
      this.forget(table, route);
      if (route.accepted) this.sink.pathRemoved(route);
      removed++;
    }
    return removed;
  }

  /** Drops a route's hold on its attribute set and its place in the counts. */
  private forget(table: FamilyTable, route: RibRoute): void {
    if (route.accepted) table.accepted--;
    this.store.release(route.attributes);
  }

  private table(family: Family): FamilyTable {
    return this.tables.get(family) as FamilyTable;
  }
}

function checkFamily(family: Family, prefix: Prefix): void {
  if ((family === 'ipv4-unicast') !== (prefix.family === 4)) {
    throw new RibError('WRONG_FAMILY', `${prefix.toString()} is not a ${family} prefix`);
  }
}
