// The two-phase contract every encapsulation manager follows (ARCHITECTURE.md, example 7): the
// on*Update/on*Remove calls only record desired state; completeDeferredWork() applies it to the
// kernel in one go and leaves the routes the driver hands to the route reconciler in routes().
import type { DesiredRoute } from '../routetable/index.js';
import type { EncapKind, LocalNode, RemoteNode } from './node.js';

export interface EncapManager {
  readonly kind: EncapKind;
  onLocalUpdate(local: LocalNode): void;
  onRemoteUpdate(remote: RemoteNode): void;
  onRemoteRemove(name: string): void;
  /** Applies everything recorded since the last call. Rejects with the first kernel error. */
  completeDeferredWork(): Promise<void>;
  /** Routes to remote pod blocks as of the last completeDeferredWork(). */
  routes(): readonly DesiredRoute[];
}

/** State shared by the managers: the local node, the remote nodes by name, a dirty flag. */
export abstract class EncapManagerBase {
  protected local: LocalNode | undefined;
  protected readonly remotes = new Map<string, RemoteNode>();
  protected dirty = true;
  protected current: DesiredRoute[] = [];

  onLocalUpdate(local: LocalNode): void {
    this.local = local;
    this.dirty = true;
  }

  onRemoteUpdate(remote: RemoteNode): void {
    this.remotes.set(remote.name, remote);
    this.dirty = true;
  }

  onRemoteRemove(name: string): void {
    if (this.remotes.delete(name)) this.dirty = true;
  }

  routes(): readonly DesiredRoute[] {
    return this.current;
  }

  /** Remote nodes in name order, so what is sent to the kernel does not depend on arrival order. */
  protected sortedRemotes(): RemoteNode[] {
    return [...this.remotes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
