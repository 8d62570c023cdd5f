import { FakeClock, type IpAddress } from '../../common/index.js';
import { MemoryBackend, type Backend } from '../../datastore/index.js';
import { IpamAllocator, type IpamAllocatorOptions } from '../allocator.js';
import { IpamGarbageCollector } from '../gc.js';
import { endpoint, node } from './fixtures.js';

/**
 * An in-memory datastore with one shared notion of time: `advance()` moves both the wall clock (what
 * creationTimestamps and claim takeover use) and the monotonic FakeClock (what the GC's grace uses).
 */
export class MemoryCluster {
  readonly clock = new FakeClock();
  private wallMs = Date.parse('2025-01-01T00:00:00Z');
  readonly backend = new MemoryBackend({ now: () => new Date(this.wallMs) });

  allocator(
    nodeName: string,
    options: Partial<IpamAllocatorOptions> & { backend?: Backend } = {},
  ): IpamAllocator {
    return new IpamAllocator({
      backend: this.backend,
      node: nodeName,
      now: () => new Date(this.wallMs),
      // No waiting between compare-and-swap attempts: the in-memory store has no latency to spread.
      retry: { baseDelayMs: 0, maxDelayMs: 0 },
      ...options,
    });
  }

  gc(graceMs = 1000): IpamGarbageCollector {
    return new IpamGarbageCollector({ backend: this.backend, clock: this.clock, graceMs });
  }

  advance(ms: number): void {
    this.wallMs += ms;
    this.clock.advance(ms);
  }

  async addNodes(...names: string[]): Promise<void> {
    for (const name of names) await this.backend.create(node(name));
  }

  /** What twill-cni does after allocating: record the pod's endpoint. */
  async addEndpoint(name: string, nodeName: string, addresses: readonly IpAddress[]): Promise<void> {
    await this.backend.create(endpoint('default', name, nodeName, addresses.map(String)));
  }

  /** Runs GC passes a grace period apart until one finds nothing to do (bounded). */
  async collectUntilQuiet(gc: IpamGarbageCollector, graceMs = 1000, maxPasses = 12): Promise<number> {
    for (let pass = 1; pass <= maxPasses; pass++) {
      const result = await gc.runOnce();
      if (result.candidates === 0) return pass;
      this.advance(graceMs);
    }
    throw new Error(`GC did not settle within ${maxPasses} passes`);
  }
}
