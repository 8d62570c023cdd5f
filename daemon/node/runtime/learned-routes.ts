// The speaker's best paths learned from peers, kept current from its best-path events, as the kernel
// route plan reads them. Routes the speaker originates itself are not "learned".
import type { BestPathChange } from '../../../bgp/speaker/index.js';
import type { IpAddress } from '../../../common/index.js';
import type { LearnedRoute } from './kernel-route-plan.js';

export class LearnedRoutes {
  private readonly routes = new Map<string, LearnedRoute>();

  apply(changes: readonly BestPathChange[]): void {
    for (const change of changes) {
      const key = change.prefix.toString();
      if (change.kind === 'removed' || change.best.peer.kind === 'local') {
        this.routes.delete(key);
        continue;
      }
      const hops: IpAddress[] = [];
      for (const r of [change.best, ...change.multipath]) {
        const hop = r.attributes.value.nextHop;
        if (hop !== undefined && !hops.some((h) => h.equals(hop))) hops.push(hop);
      }
      this.routes.set(key, { prefix: change.prefix, nextHops: hops });
    }
  }

  clear(): void {
    this.routes.clear();
  }

  values(): IterableIterator<LearnedRoute> {
    return this.routes.values();
  }

  get size(): number {
    return this.routes.size;
  }
}
