import { expect } from 'chai';

import { EtcdBackend } from '../datastore/index.js';
import { startEtcd, type EtcdServer } from '../datastore/testing/etcd-server.js';
import { runStress } from './testing/stress.js';

/**
 * Concurrent allocators against a real etcd. The suite runs a small size; `TWILL_IPAM_STRESS=full` runs
 * the 4 nodes × 1000 operations (also: `node dist/ipam/testing/stress-etcd.js`).
 */
const FULL = process.env.TWILL_IPAM_STRESS === 'full';
const NODES = 4;
const OPS_PER_NODE = FULL ? 1000 : 40;

describe(`IPAM concurrency on real etcd (${NODES} nodes × ${OPS_PER_NODE} operations, 2 claimers killed mid-claim)`, function () {
  this.timeout(FULL ? 900_000 : 60_000);
  let server: EtcdServer | undefined;

  before(async () => {
    server = await startEtcd();
  });
  after(async () => {
    await server?.stop();
  });

  it('hands out no address twice, accounts for every address after GC, and check() is clean', async () => {
    const endpoint = server?.endpoint;
    if (endpoint === undefined) throw new Error('etcd did not start');
    const result = await runStress({
      nodes: NODES,
      opsPerNode: OPS_PER_NODE,
      connect: () => new EtcdBackend({ endpoints: [endpoint], keyPrefix: '/ipam-stress' }),
    });
    expect(result.errors).to.deep.equal([]);
    expect(result.duplicates).to.deep.equal([]);
    expect(result.allocations).to.equal(NODES * OPS_PER_NODE);
    expect(result.victimsCrashed).to.equal(2);
    // Every address still allocated belongs to a kept pod, and every kept pod still has its address.
    expect(new Map([...result.allocatedAfterGc].sort())).to.deep.equal(new Map([...result.kept].sort()));
    expect(result.handlesAfterGc).to.deep.equal([...result.kept.keys()].sort());
    expect(result.report.allocatedAddresses).to.equal(result.kept.size);
    expect(result.report.clean, JSON.stringify(result.report, null, 1).slice(0, 3000)).to.equal(true);
  });
});
