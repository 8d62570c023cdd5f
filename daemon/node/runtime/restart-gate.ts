// The restart contract's kernel half: after a restart the node does not flush. Routes of ours found in
// the kernel at start ("preserved") stay in the desired set until the node is ready (datastore in-sync
// and BGP selection deferral over: End-of-RIB from every graceful-restart peer, or its timer), so
// forwarding goes on while the node relearns; only then is what is no longer wanted deleted.
import { IPV6_DEFAULT_PRIORITY, type DesiredRoute } from '../../../routing/routetable/index.js';

export interface Readiness {
  readonly datastoreInSync: boolean;
  /** BGP off, or the speaker is no longer deferring selection (RFC 4724 §4.1). */
  readonly bgpConverged: boolean;
  /** The longest the node waits for the above (the graceful-restart time). */
  readonly deadlinePassed: boolean;
}

export function isReady(r: Readiness): boolean {
  return (r.datastoreInSync && r.bgpConverged) || r.deadlinePassed;
}

export class RestartGate {
  private open: boolean;

  constructor(private readonly preserved: readonly DesiredRoute[]) {
    this.open = preserved.length === 0;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** How many preserved routes are still held only by the gate (for status). */
  heldCount(desired: readonly DesiredRoute[]): number {
    return this.open ? 0 : this.merge(desired).length - desired.length;
  }

  openGate(): void {
    this.open = true;
  }

  /** The desired set, plus (until the gate opens) preserved routes no desired route replaces. */
  merge(desired: readonly DesiredRoute[]): DesiredRoute[] {
    if (this.open) return [...desired];
    const keys = new Set(desired.map(keyOf));
    return [...desired, ...this.preserved.filter((r) => !keys.has(keyOf(r)))];
  }
}

function keyOf(r: DesiredRoute): string {
  const priority = r.priority ?? (r.dst.family === 6 ? IPV6_DEFAULT_PRIORITY : 0);
  return `${r.table ?? ''}|${r.dst.toString()}|${priority}`;
}
