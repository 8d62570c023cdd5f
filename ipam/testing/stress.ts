import { FakeClock, isTwillError, parsePrefix, type IpAddress } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';
import { IpamAllocator } from '../allocator.js';
import { checkIpam } from '../check.js';
import { allocationsIn } from '../core/block-allocation.js';
import type { ConsistencyReport } from '../core/consistency.js';
import { IpamGarbageCollector } from '../gc.js';
import { CrashingBackend } from './crashing-backend.js';
import { endpoint, node, pool } from './fixtures.js';

/**
 * The IPAM concurrency workload: `nodes` allocators (each on its own backend connection) run
 * `opsPerNode` pod lifecycles in parallel against one datastore, while two more claimers are killed in
 * the middle of claiming a block (after the pending affinity; after the block). Per operation, by i % 10:
 * 0-4 allocate, write the endpoint, delete it and release (by handle, or by address); 5-7 allocate and
 * keep; 8 allocate and "crash" before writing the endpoint; 9 write the endpoint, then delete it without
 * releasing (a lost CNI DEL). Then the GC runs to quiescence. The caller asserts on the result.
 */
export interface StressOptions {
  readonly nodes: number;
  readonly opsPerNode: number;
  /** Makes one backend connection; called once per simulated node and once for the admin/GC. */
  readonly connect: () => Backend;
  readonly progress?: (line: string) => void;
}

export interface StressResult {
  readonly allocations: number;
  readonly releases: number;
  /** Addresses handed out while another live owner still held them. Must be empty. */
  readonly duplicates: readonly string[];
  readonly errors: readonly string[];
  /** handle → address of the pods that were kept (with an endpoint). */
  readonly kept: ReadonlyMap<string, string>;
  /** Every address the blocks hold after GC, handle → address. */
  readonly allocatedAfterGc: ReadonlyMap<string, string>;
  readonly handlesAfterGc: readonly string[];
  readonly victimsCrashed: number;
  readonly report: ConsistencyReport;
  readonly gcPasses: number;
}

const GRACE_MS = 1000;

export async function runStress(options: StressOptions): Promise<StressResult> {
  const admin = options.connect();
  const backends: Backend[] = [admin];
  try {
    const total = options.nodes * options.opsPerNode;
    const blockSize = total >= 1000 ? 26 : 28;
    // Room for every pod at once, plus one block the killed claimer may hold.
    const bits = Math.ceil(Math.log2(total + 2 ** (32 - blockSize)));
    await admin.create(pool('stress', `10.128.0.0/${32 - bits}`, { blockSize }));
    const names = Array.from({ length: options.nodes }, (_, i) => `node-${i + 1}`);
    for (const name of [...names, 'victim-1', 'victim-2']) await admin.create(node(name));

    const live = new Map<string, string>();
    const duplicates: string[] = [];
    const errors: string[] = [];
    const kept = new Map<string, string>();
    let allocations = 0;
    let releases = 0;

    const victims = [1, 2].map(async (writes) => {
      const backend = new CrashingBackend(options.connect(), writes);
      backends.push(backend);
      const victim = new IpamAllocator({ backend, node: `victim-${writes}` });
      return victim.allocate({ handleID: `victim-${writes}`, family: 4 }).then(
        () => 0,
        (error: unknown) => (isTwillError(error, 'SIMULATED_CRASH') ? 1 : 0),
      );
    });

    const lifecycle = async (ipam: IpamAllocator, i: number): Promise<void> => {
      const name = `${ipam.node}-op-${i}`;
      const owner = { namespace: 'stress', workloadEndpoint: name, node: ipam.node };
      const [ip] = await ipam.allocate({ handleID: name, family: 4, owner });
      const text = String(ip);
      allocations++;
      if (live.has(text)) duplicates.push(`${text}: ${name} while ${live.get(text)} holds it`);
      live.set(text, name);
      const fate = i % 10;
      if (fate === 8) return;
      const wep = await admin.create(endpoint('stress', name, ipam.node, [text]));
      if (fate >= 5 && fate <= 7) {
        kept.set(name, text);
        return;
      }
      await admin.delete('WorkloadEndpoint', wep.metadata.name, { namespace: 'stress' });
      if (fate === 9) return;
      // Forget it before the release starts: the block frees it before the call returns.
      live.delete(text);
      if (i % 2 === 0) await ipam.releaseByHandle(name);
      else await ipam.releaseAddress(ip as IpAddress, { handleID: name });
      releases++;
    };

    const runs = names.map(async (name) => {
      const backend = options.connect();
      backends.push(backend);
      const ipam = new IpamAllocator({ backend, node: name });
      await Promise.all(
        Array.from({ length: options.opsPerNode }, (_, i) =>
          lifecycle(ipam, i).catch((error: unknown) => {
            errors.push(`${name} op ${i}: ${String(error)}`);
          }),
        ),
      );
      options.progress?.(`${name}: done`);
    });
    await Promise.all(runs);
    const victimsCrashed = (await Promise.all(victims)).reduce((a, b) => a + b, 0);
    options.progress?.(
      `workload done: ${allocations} allocations, ${releases} releases, ${errors.length} errors`,
    );

    const clock = new FakeClock();
    const gc = new IpamGarbageCollector({ backend: admin, clock, graceMs: GRACE_MS });
    let gcPasses = 0;
    for (; gcPasses < 12; gcPasses++) {
      if ((await gc.runOnce()).candidates === 0) break;
      clock.advance(GRACE_MS);
    }
    const allocatedAfterGc = new Map<string, string>();
    for (const block of (await admin.list('IPAMBlock')).items) {
      for (const a of allocationsIn(block.spec)) {
        allocatedAfterGc.set(
          a.handleID ?? `?${a.ordinal}`,
          String(parsePrefix(block.spec.cidr).addressAt(a.ordinal)),
        );
      }
    }
    const handlesAfterGc = (await admin.list('IPAMHandle')).items.map((h) => h.spec.handleID).sort();
    const report = await checkIpam(admin);
    return {
      allocations,
      releases,
      duplicates,
      errors,
      kept,
      allocatedAfterGc,
      handlesAfterGc,
      victimsCrashed,
      report,
      gcPasses,
    };
  } finally {
    await Promise.all(backends.map((b) => b.close()));
  }
}
