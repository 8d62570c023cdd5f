// The route table reconciler: callers declare the routes they want, apply() makes the kernel agree.
//
// - Ownership: Twill owns exactly the routes carrying its protocol number (RTPROT_TWILL) in the managed
//   tables. Deletes carry that protocol, which the kernel matches, so a foreign route is never removed.
//   A foreign route sitting on the key of a desired route is reported (FOREIGN_ROUTE_CONFLICT) and left
//   alone, unless it got there by replacing a Twill route (`ip route replace` from outside): that is
//   drift of our route, and it is replaced back.
// - Drift: the monitor socket's route events mark keys dirty and a flush runs at once; a periodic resync
//   (dump + diff, on the injected Clock) catches what the kernel does not announce (IPv4 routes flushed
//   with their interface), and so does an ENOBUFS on the monitor.
//   A route of ours deleted or changed from outside and put back is counted as a drift repair, by kind
//   (drift-repairs.ts; status().driftRepairs).
// - Failures: per-route exponential backoff, reported in status() and as events.
// - Exit and close() leave the routes in the kernel, so forwarding survives a restart; a new reconciler
//   with the same desired set adopts them without a single change.
import {
  errorMessage,
  nullLogger,
  systemClock,
  type Clock,
  type Logger,
  type TimerHandle,
  type TwillError,
} from '../../common/index.js';
import { isNetlinkKernelError, type NetlinkError, type RouteMessage } from '../netlink/index.js';
import { Backoff } from './backoff.js';
import { normalizeRoute, routeKey, routeMatches, RTPROT_TWILL, type DesiredRoute } from './desired-route.js';
import { DriftRepairs, type DriftKind } from './drift-repairs.js';
import { RouteTableError } from './errors.js';
import { KernelRouteNetlink, type RouteChange, type RouteEvent, type RouteNetlink } from './route-netlink.js';

import type {
  ApplyResult,
  ReconcilerEvent,
  ReconcilerOptions,
  ReconcilerStatus,
  RouteFailure,
} from './reconciler-types.js';

export type { ApplyResult, ReconcilerEvent, ReconcilerOptions, ReconcilerStatus, RouteFailure };

export class RouteTableReconciler {
  private readonly tables: readonly number[];
  private readonly protocol: number;
  private readonly netlink: RouteNetlink;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly resyncIntervalMs: number;
  private readonly backoff: Backoff;

  private readonly desired = new Map<string, RouteMessage>();
  /** Twill's routes as the kernel has them (from dumps and events). */
  private readonly owned = new Map<string, RouteMessage>();
  /** Keys held by routes of other protocols in managed tables. */
  private readonly foreign = new Set<string>();
  /** Keys where a foreign route replaced a Twill route: ours to take back. */
  private readonly hijacked = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, RouteFailure>();
  private readonly listeners = new Set<(event: ReconcilerEvent) => void>();

  private synced = false;
  private closed = false;
  private chain: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;
  private resyncTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryAtMs = Infinity;
  private resyncs = 0;
  private lastResyncAtMs: number | undefined;
  private overruns = 0;
  private lastOverrunAtMs: number | undefined;
  /** Routes of ours changed behind our back, and how many were put back (drift-repairs.ts). */
  private readonly drift = new DriftRepairs();

  constructor(options: ReconcilerOptions = {}) {
    this.tables = options.tables ?? [254];
    if (this.tables.length === 0)
      throw new RouteTableError('INVALID_ARGUMENT', 'at least one managed table is needed');
    this.protocol = options.protocol ?? RTPROT_TWILL;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? nullLogger;
    this.resyncIntervalMs = options.resyncIntervalMs ?? 90_000;
    this.backoff = new Backoff(options.backoff);
    this.netlink =
      options.netlink ?? new KernelRouteNetlink(options.netns !== undefined ? { netns: options.netns } : {});
    this.netlink.onRouteEvent((e) => this.onRouteEvent(e));
    this.netlink.onOverrun(() => {
      if (this.closed) return;
      this.overruns++;
      this.lastOverrunAtMs = this.clock.now();
      this.emit({ type: 'overrun' });
      this.log.warn('route monitor overran (ENOBUFS); resyncing');
      void this.resync().catch((err: unknown) =>
        this.log.error('resync failed', { error: errorMessage(err) }),
      );
    });
  }

  /** Replaces the whole desired set. Takes effect on apply(). */
  setDesired(routes: readonly DesiredRoute[]): void {
    const next = new Map<string, RouteMessage>();
    for (const r of routes) this.put(next, r);
    for (const key of this.desired.keys()) if (!next.has(key)) this.dirty.add(key);
    for (const [key, route] of next) {
      const old = this.desired.get(key);
      if (old === undefined || !routeMatches(route, old)) this.dirty.add(key);
    }
    this.desired.clear();
    for (const [key, route] of next) this.desired.set(key, route);
  }

  /** Adds or changes routes (a delta). */
  add(routes: readonly DesiredRoute[]): void {
    for (const r of routes) this.dirty.add(this.put(this.desired, r));
  }

  /** Removes routes by destination (and table, priority); their other fields do not matter. */
  remove(routes: readonly Pick<DesiredRoute, 'dst' | 'table' | 'priority'>[]): void {
    for (const r of routes) {
      const key = routeKey({ dst: r.dst, table: r.table ?? (this.tables[0] as number), ...opt(r.priority) });
      this.desired.delete(key);
      this.dirty.add(key);
    }
  }

  /** Makes the kernel match the desired set: a full dump the first time, then only what changed. */
  apply(): Promise<ApplyResult> {
    if (!this.synced) return this.resync();
    return this.serialized(() => this.flush([...this.dirty], true));
  }

  /** Dumps the managed tables, then repairs every difference. */
  resync(): Promise<ApplyResult> {
    return this.serialized(async () => {
      const inSyncBefore = this.synced ? this.inSyncKeys() : undefined;
      const ownedBefore = new Set(this.owned.keys());
      await this.loadKernelState();
      if (inSyncBefore !== undefined) this.noteResyncDrift(inSyncBefore, ownedBefore);
      const keys = new Set([...this.desired.keys(), ...this.owned.keys(), ...this.dirty]);
      const result = await this.flush([...keys], true);
      this.resyncs++;
      this.lastResyncAtMs = this.clock.now();
      this.scheduleResync();
      this.emit({ type: 'resync', result });
      return result;
    });
  }

  status(): ReconcilerStatus {
    let inSync = 0;
    for (const [key, d] of this.desired) {
      const k = this.owned.get(key);
      if (k !== undefined && routeMatches(d, k)) inSync++;
    }
    return {
      desired: this.desired.size,
      inSync,
      failures: [...this.failures.values()],
      resyncs: this.resyncs,
      lastResyncAtMs: this.lastResyncAtMs,
      overruns: this.overruns,
      lastOverrunAtMs: this.lastOverrunAtMs,
      driftRepairs: this.drift.totals(),
    };
  }

  on(listener: (event: ReconcilerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching and closes the sockets. Routes stay in the kernel on purpose (see the header). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.netlink.close();
  }

  private put(into: Map<string, RouteMessage>, r: DesiredRoute): string {
    const table = r.table ?? (this.tables[0] as number);
    if (!this.tables.includes(table)) {
      throw new RouteTableError(
        'UNMANAGED_TABLE',
        `route ${r.dst} is for table ${table}, which is not managed`,
        {
          details: { dst: r.dst.toString(), table, managed: this.tables },
        },
      );
    }
    const route = normalizeRoute({ ...r, table }, table, this.protocol);
    const key = routeKey(route);
    into.set(key, route);
    return key;
  }

  private async loadKernelState(): Promise<void> {
    const dumps = await Promise.all(
      this.tables.flatMap((t) => [this.netlink.dumpRoutes(4, t), this.netlink.dumpRoutes(6, t)]),
    );
    this.owned.clear();
    this.foreign.clear();
    for (const route of dumps.flat()) {
      if (route.protocol === this.protocol) this.owned.set(routeKey(route), route);
      else this.foreign.add(routeKey(route));
    }
    for (const key of this.hijacked) if (!this.foreign.has(key)) this.hijacked.delete(key);
    this.synced = true;
  }

  /** Diffs `keys` and sends the changes as one batch. `force`: ignore backoff (an explicit apply). */
  private async flush(keys: readonly string[], force: boolean): Promise<ApplyResult> {
    const changes: RouteChange[] = [];
    const changeKeys: string[] = [];
    const now = this.clock.now();
    const counts = { added: 0, replaced: 0, deleted: 0, failed: 0 };
    for (const key of keys) {
      this.dirty.delete(key);
      const failure = this.failures.get(key);
      if (!force && failure !== undefined && failure.nextAttemptAtMs > now) continue;
      const d = this.desired.get(key);
      const k = this.owned.get(key);
      if (d !== undefined) {
        if (k !== undefined && routeMatches(d, k)) {
          this.recovered(key);
          this.drift.forget(key);
          continue;
        }
        if (k === undefined && this.foreign.has(key) && !this.hijacked.has(key)) {
          counts.failed++;
          this.failed(
            key,
            d,
            new RouteTableError(
              'FOREIGN_ROUTE_CONFLICT',
              `a route of another protocol holds ${d.dst} in table ${d.table}; left alone`,
              { details: { key } },
            ),
          );
          continue;
        }
        changes.push({ kind: k !== undefined || this.hijacked.has(key) ? 'replace' : 'add', route: d });
      } else if (k !== undefined) {
        changes.push({ kind: 'delete', route: k });
      } else {
        this.failures.delete(key);
        this.drift.forget(key);
        continue;
      }
      changeKeys.push(key);
    }
    if (changes.length === 0) return counts;
    const results = await this.netlink.apply(changes);
    changes.forEach((change, i) => {
      const key = changeKeys[i] as string;
      const error = results[i];
      if (error === undefined || (change.kind === 'delete' && isNetlinkKernelError(error, 'ESRCH'))) {
        if (change.kind === 'delete') {
          this.owned.delete(key);
          this.failures.delete(key);
          counts.deleted++;
        } else {
          this.owned.set(key, change.route);
          this.hijacked.delete(key);
          this.foreign.delete(key);
          this.recovered(key);
          if (change.kind === 'add') counts.added++;
          else counts.replaced++;
        }
        this.repairedDrift(key, change.route);
        return;
      }
      counts.failed++;
      // EEXIST on an add: the kernel has a route we did not know of; the next resync will show it.
      if (isNetlinkKernelError(error, 'EEXIST')) this.synced = false;
      this.failed(key, change.route, error);
    });
    return counts;
  }

  private onRouteEvent(e: RouteEvent): void {
    if (this.closed || !this.tables.includes(e.route.table)) return;
    const key = routeKey(e.route);
    const ours = e.route.protocol === this.protocol;
    const hadOurs = this.owned.has(key);
    if (e.kind === 'new') {
      if (e.replaced && !ours && this.owned.has(key)) this.hijacked.add(key);
      if (e.replaced) {
        this.owned.delete(key);
        this.foreign.delete(key);
      }
      if (ours) this.owned.set(key, e.route);
      else this.foreign.add(key);
    } else if (ours) {
      this.owned.delete(key);
    } else {
      this.foreign.delete(key);
      this.hijacked.delete(key);
    }
    if (!ours && !this.desired.has(key)) return;
    const d = this.desired.get(key);
    const k = this.owned.get(key);
    if (d !== undefined && k !== undefined && routeMatches(d, k)) return;
    if (d === undefined && k === undefined) return;
    // Our own pending change is not drift; anything else here was done to the kernel by someone else.
    const kind = this.dirty.has(key) || !this.synced ? undefined : driftKind(e, ours, hadOurs, d);
    if (kind !== undefined) this.drift.noted(key, kind);
    this.emit({ type: 'drift', key, event: e.kind });
    this.dirty.add(key);
    this.scheduleFlush();
  }

  /** Coalesces a burst of events (one datagram often carries many) into one flush. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed || !this.synced) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.closed) return;
      void this.serialized(() => this.flush([...this.dirty], false)).catch((err: unknown) =>
        this.log.error('route flush failed', { error: errorMessage(err) }),
      );
    });
  }

  private failed(key: string, route: RouteMessage, error: TwillError | NetlinkError): void {
    const attempts = (this.failures.get(key)?.attempts ?? 0) + 1;
    const failure: RouteFailure = {
      key,
      route,
      error,
      attempts,
      nextAttemptAtMs: this.clock.now() + this.backoff.delayMs(attempts),
    };
    this.failures.set(key, failure);
    this.log.warn('route not installed', {
      prefix: route.dst.toString(),
      table: route.table,
      attempts,
      error: errorMessage(error),
    });
    this.emit({ type: 'route-failed', failure });
    this.scheduleRetry(failure.nextAttemptAtMs);
  }

  private repairedDrift(key: string, route: RouteMessage): void {
    const kind = this.drift.repaired(key);
    if (kind === undefined) return;
    this.log.info('route drift repaired', { prefix: route.dst.toString(), table: route.table, drift: kind });
    this.emit({ type: 'drift-repaired', key, kind });
  }

  private inSyncKeys(): Set<string> {
    const keys = new Set<string>();
    for (const [key, d] of this.desired) {
      const k = this.owned.get(key);
      if (k !== undefined && routeMatches(d, k)) keys.add(key);
    }
    return keys;
  }

  /** A periodic (or overrun) resync finds drift the route monitor did not report. */
  private noteResyncDrift(inSyncBefore: ReadonlySet<string>, ownedBefore: ReadonlySet<string>): void {
    for (const key of inSyncBefore) {
      const d = this.desired.get(key);
      const k = this.owned.get(key);
      if (d === undefined || this.dirty.has(key)) continue;
      if (k === undefined) this.drift.noted(key, this.foreign.has(key) ? 'replaced' : 'deleted');
      else if (!routeMatches(d, k)) this.drift.noted(key, 'changed');
    }
    for (const key of this.owned.keys())
      if (!ownedBefore.has(key) && !this.desired.has(key) && !this.dirty.has(key))
        this.drift.noted(key, 'added');
  }

  private recovered(key: string): void {
    if (this.failures.delete(key)) this.emit({ type: 'route-recovered', key });
  }

  private scheduleRetry(atMs: number): void {
    if (this.closed || atMs >= this.retryAtMs) return;
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryAtMs = atMs;
    this.retryTimer = this.clock.setTimeout(
      () => {
        this.retryTimer = undefined;
        this.retryAtMs = Infinity;
        const now = this.clock.now();
        const due = [...this.failures.values()].filter((f) => f.nextAttemptAtMs <= now).map((f) => f.key);
        const later = [...this.failures.values()].filter((f) => f.nextAttemptAtMs > now);
        for (const f of later) this.scheduleRetry(f.nextAttemptAtMs);
        const run = this.synced ? () => this.flush(due, true) : () => this.resyncUnserialized();
        void this.serialized(run).catch((err: unknown) =>
          this.log.error('route retry failed', { error: errorMessage(err) }),
        );
      },
      Math.max(0, atMs - this.clock.now()),
    );
  }

  private async resyncUnserialized(): Promise<ApplyResult> {
    await this.loadKernelState();
    return this.flush([...new Set([...this.desired.keys(), ...this.owned.keys(), ...this.dirty])], true);
  }

  private scheduleResync(): void {
    if (this.closed) return;
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    this.resyncTimer = this.clock.setTimeout(() => {
      this.resyncTimer = undefined;
      void this.resync().catch((err: unknown) =>
        this.log.error('periodic resync failed', { error: errorMessage(err) }),
      );
    }, this.resyncIntervalMs);
  }

  /** One flush or resync at a time, so a dump never races a batch. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn, fn);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private emit(event: ReconcilerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** What a route monitor event did to a route of ours (drift-repairs.ts), if anything. */
function driftKind(
  e: RouteEvent,
  ours: boolean,
  hadOurs: boolean,
  desired: RouteMessage | undefined,
): DriftKind | undefined {
  if (desired === undefined) return e.kind === 'new' && ours ? 'added' : undefined;
  if (e.kind === 'del') return ours && hadOurs ? 'deleted' : undefined;
  if (ours) return routeMatches(desired, e.route) ? undefined : 'changed';
  return hadOurs && e.replaced ? 'replaced' : undefined;
}

function opt(priority: number | undefined): { priority?: number } {
  return priority === undefined ? {} : { priority };
}
