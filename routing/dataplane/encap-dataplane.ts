// The small driver between one encapsulation manager and the route reconciler: after the manager has
// applied its devices, neighbours and peers, its routes become the reconciler's desired set (for the
// routes this driver owns) and one apply() sends the difference. Devices first, so a route never
// names a device that is not there yet.
import type { EncapManager, LocalNode, RemoteNode } from '../encap/index.js';
import type { ApplyResult, DesiredRoute, RouteTableReconciler } from '../routetable/index.js';

/** The part of RouteTableReconciler the driver uses, so it tests with a fake. */
export type RouteSink = Pick<RouteTableReconciler, 'setDesired' | 'apply'>;

export interface EncapDataplaneOptions {
  readonly manager: EncapManager;
  readonly routes: RouteSink;
  /** Routes from other sources (BGP, local blocks) that share the reconciler's desired set. */
  readonly otherRoutes?: () => readonly DesiredRoute[];
}

export class EncapDataplane {
  private readonly manager: EncapManager;
  private readonly routes: RouteSink;
  private readonly otherRoutes: () => readonly DesiredRoute[];

  constructor(options: EncapDataplaneOptions) {
    this.manager = options.manager;
    this.routes = options.routes;
    this.otherRoutes = options.otherRoutes ?? (() => []);
  }

  onLocalUpdate(local: LocalNode): void {
    this.manager.onLocalUpdate(local);
  }

  onRemoteUpdate(remote: RemoteNode): void {
    this.manager.onRemoteUpdate(remote);
  }

  onRemoteRemove(name: string): void {
    this.manager.onRemoteRemove(name);
  }

  async completeDeferredWork(): Promise<ApplyResult> {
    await this.manager.completeDeferredWork();
    this.routes.setDesired([...this.otherRoutes(), ...this.manager.routes()]);
    return this.routes.apply();
  }
}
