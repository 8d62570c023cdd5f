// No encapsulation: routes to remote pod blocks via the remote node. For a node on our subnet that is
// the node address itself; for one behind a router it is the underlay next hop toward the node (what
// `ip route get NODE` says), as a BGP speaker resolves a non-adjacent next hop recursively. The routers
// on the way must then know the pod blocks (the fabric's BGP carries them).
import { nullLogger, type Logger } from '../../common/index.js';
import type { DesiredRoute } from '../routetable/index.js';
import type { LinkOps } from './link-ops.js';
import { EncapManagerBase, type EncapManager } from './manager.js';
import { routesFor } from './route-shapes.js';

export interface NativeManagerOptions {
  readonly ops: LinkOps;
  readonly log?: Logger;
}

export class NativeManager extends EncapManagerBase implements EncapManager {
  readonly kind = 'native' as const;
  private readonly ops: LinkOps;
  private readonly log: Logger;

  constructor(options: NativeManagerOptions) {
    super();
    this.ops = options.ops;
    this.log = options.log ?? nullLogger;
  }

  async completeDeferredWork(): Promise<void> {
    if (!this.dirty) return;
    const routes: DesiredRoute[] = [];
    for (const remote of this.sortedRemotes()) {
      const underlay = await this.ops.routeTo(remote.address);
      const gateway = underlay.gateway ?? remote.address;
      const planned = routesFor(remote, { kind: 'native', gateway });
      routes.push(...planned.routes);
      for (const block of planned.skipped) {
        this.log.warn('block not routable natively', { node: remote.name, prefix: block.toString() });
      }
    }
    this.current = routes;
    this.dirty = false;
  }
}
