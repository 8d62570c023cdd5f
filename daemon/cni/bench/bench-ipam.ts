// Issue 5's `npm run bench:ipam`: IPAM allocations per second from 1 and 4 concurrent nodes against a
// real etcd (ipam/bench), then CNI ADD/DEL p50/p99 of twill-cni against real etcd with ptp + host-local
// measured the same way in the same run, and the ratio (add-del.ts). Here, not in ipam/, because ipam/
// may not import daemon/. Needs root (the CNI half creates network namespaces).
//   sudo node dist/daemon/cni/bench/bench-ipam.js [--allocations 500] [--parallel 8] [--iterations 30]
import { numericFlag, runAllocationBench } from '../../../ipam/bench/bench.js';
import { runCniLatencyBench } from './add-del.js';

const rates = await runAllocationBench({
  allocationsPerNode: numericFlag('allocations', 500),
  parallelPerNode: numericFlag('parallel', 8),
});
process.stdout.write('\n');
await runCniLatencyBench(numericFlag('iterations', 30));
if (rates.some((rate) => rate.duplicates > 0)) process.exitCode = 1;
