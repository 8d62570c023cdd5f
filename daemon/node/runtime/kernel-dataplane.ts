// The node's route table: one RouteTableReconciler (Twill's protocol, 0x54) fed by the kernel route plan
// (kernel-route-plan.ts) through the restart gate (restart-gate.ts). Routes of ours already in the
// kernel at start are adopted, never flushed: they stay until the node is ready. Applies are coalesced
// and retried with backoff when the kernel cannot be read; the reconciler itself retries each refused
// route with its own backoff and logs it.
import { errorMessage, type Logger } from '../../../common/index.js';
import type { RouteMessage } from '../../../routing/netlink/index.js';
import {
  KernelRouteNetlink,
  RouteTableReconciler,
  type ApplyResult,
  type DesiredRoute,
  type ReconcilerStatus,
} from '../../../routing/routetable/index.js';
import { RestartGate } from './restart-gate.js';
import { SerialApplier, type PassInfo } from './serial-applier.js';

export interface KernelDataplaneOptions {
  readonly table: number;
  readonly protocol: number;
  readonly log: Logger;
}

export interface LastApply {
  readonly atMs: number;
  readonly result?: ApplyResult;
  readonly error?: string;
}

export interface KernelDataplaneStatus {
  readonly reconciler: ReconcilerStatus;
  /** Routes of ours found in the kernel at start. */
  readonly preservedAtStart: number;
  /** Preserved routes still kept only because the node is not ready yet. */
  readonly heldStale: number;
  readonly gateOpen: boolean;
  readonly applies: number;
  readonly lastApply: LastApply | undefined;
}

export class KernelDataplane {
  private readonly netlink: KernelRouteNetlink;
  private readonly reconciler: RouteTableReconciler;
  private gate = new RestartGate([]);
  private preservedCount = 0;
  private desired: readonly DesiredRoute[] = [];
  private applies = 0;
  private lastApply: LastApply | undefined;
  private readonly listeners = new Set<(last: LastApply) => void>();
  private readonly applier: SerialApplier;

  constructor(private readonly options: KernelDataplaneOptions) {
    this.netlink = new KernelRouteNetlink();
    this.reconciler = new RouteTableReconciler({
      tables: [options.table],
      protocol: options.protocol,
      netlink: this.netlink,
      log: options.log,
    });
    this.applier = new SerialApplier({
      what: 'kernel route apply',
      log: options.log,
      apply: (pass) => this.applyNow(pass),
    });
  }

  /** Reads our routes already in the kernel; they are kept until open(). Returns how many. */
  async adoptPreserved(): Promise<number> {
    const found = [
      ...(await this.netlink.dumpRoutes(4, this.options.table)),
      ...(await this.netlink.dumpRoutes(6, this.options.table)),
    ].filter((r) => r.protocol === this.options.protocol);
    this.preservedCount = found.length;
    this.gate = new RestartGate(found.map(toDesired));
    return found.length;
  }

  get gateOpen(): boolean {
    return this.gate.isOpen;
  }

  /** The node is ready: from now on what is not desired is deleted. */
  open(): void {
    if (this.gate.isOpen) return;
    const held = this.gate.heldCount(this.desired);
    this.gate.openGate();
    this.options.log.info('restart gate open: stale routes may now be deleted', { heldStale: held });
    this.applier.schedule();
  }

  setDesired(routes: readonly DesiredRoute[]): void {
    // With the table filled in, a desired route and the preserved one it replaces share a key.
    this.desired = routes.map((r) => (r.table === undefined ? { ...r, table: this.options.table } : r));
    this.applier.schedule();
  }

  onApply(listener: (last: LastApply) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the reconciler owns in the kernel now (a fresh dump) and what it wants. */
  async kernelRoutes(): Promise<{ desired: RouteMessage[]; kernel: RouteMessage[] }> {
    const kernel = [
      ...(await this.netlink.dumpRoutes(4, this.options.table)),
      ...(await this.netlink.dumpRoutes(6, this.options.table)),
    ].filter((r) => r.protocol === this.options.protocol);
    const desired = this.gate.merge(this.desired).map((d) => ({
      ...d,
      table: d.table ?? this.options.table,
      protocol: this.options.protocol,
      type: d.type ?? 'unicast',
    })) as unknown as RouteMessage[];
    return { desired, kernel };
  }

  status(): KernelDataplaneStatus {
    return {
      reconciler: this.reconciler.status(),
      preservedAtStart: this.preservedCount,
      heldStale: this.gate.heldCount(this.desired),
      gateOpen: this.gate.isOpen,
      applies: this.applies,
      lastApply: this.lastApply,
    };
  }

  /** Resolves when the applies asked for so far have run (applied or failed). */
  settled(): Promise<void> {
    return this.applier.settled();
  }

  /** Stops watching. Routes stay in the kernel (the restart contract). */
  close(): void {
    this.applier.close();
    this.reconciler.close();
  }

  /** One pass; a throw makes the applier log it and retry with backoff. */
  private async applyNow(pass: PassInfo): Promise<void> {
    const startMs = performance.now();
    try {
      this.reconciler.setDesired(this.gate.merge(this.desired));
      const result = await this.reconciler.apply();
      this.applies++;
      this.lastApply = { atMs: Date.now(), result };
      // queuedMs: from the first change this pass serves to its start; tookMs: the netlink round trips.
      if (result.added + result.replaced + result.deleted + result.failed > 0)
        this.options.log.info('kernel routes applied', {
          ...result,
          queuedMs: round(pass.queuedMs),
          tookMs: round(performance.now() - startMs),
          changes: pass.asks,
        });
    } catch (error) {
      this.lastApply = { atMs: Date.now(), error: errorMessage(error) };
      throw error;
    } finally {
      for (const listener of this.listeners) if (this.lastApply !== undefined) listener(this.lastApply);
    }
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function toDesired(r: RouteMessage): DesiredRoute {
  const type =
    r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit' ? r.type : 'unicast';
  return {
    dst: r.dst,
    table: r.table,
    type,
    ...(r.priority === undefined ? {} : { priority: r.priority }),
    ...(r.gateway === undefined ? {} : { gateway: r.gateway }),
    ...(r.oif === undefined ? {} : { oif: r.oif }),
    ...(r.onlink === true ? { onlink: true } : {}),
    ...(r.prefsrc === undefined ? {} : { prefsrc: r.prefsrc }),
    ...(r.multipath === undefined ? {} : { multipath: r.multipath }),
    ...(r.metrics === undefined ? {} : { metrics: r.metrics }),
  };
}
