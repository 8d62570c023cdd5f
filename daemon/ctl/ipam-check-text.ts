/** `twillctl ipam check` as text: a summary line, then one line per problem, grouped by kind of problem. */
import type { ConsistencyReport } from '../../ipam/index.js';

export function checkReportText(report: ConsistencyReport): string {
  const lines = [
    `${report.blocks} block(s), ${report.allocatedAddresses} allocated, ${report.freeAddresses} free, ${report.unownedAllocations} allocated without owner (never collected)`,
  ];
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items) lines.push(`  ${line(item)}`);
  };
  section(
    'leaked addresses',
    report.leaked,
    (l) =>
      `${l.address} in block ${l.block}, handle ${l.handleID ?? '-'}, owner ${l.owner.namespace}/${l.owner.workloadEndpoint}: ${l.reason === 'owner-gone' ? 'owner is gone' : 'owner no longer lists it'} (twillctl ipam release --ip ${l.address})`,
  );
  section('addresses held twice', report.doubleAssigned, (d) => `${d.address}: ${d.holders.join(', ')}`);
  section(
    'endpoint addresses no block allocates',
    report.unallocatedEndpointAddresses,
    (u) => `${u.address} of ${u.endpoint}`,
  );
  section(
    'blocks without affinity',
    report.blocksWithoutAffinity,
    (b) => `${b.block} names node ${b.node}, which has no BlockAffinity for it`,
  );
  section(
    'affinities without their block',
    report.affinitiesWithoutBlock,
    (a) =>
      `${a.affinity} (node ${a.node}, ${a.block}): ${a.reason === 'block-missing' ? 'block missing' : 'block owned by another node'}`,
  );
  section(
    'unfinished affinities',
    report.unfinishedAffinities,
    (a) => `${a.affinity} (node ${a.node}, ${a.block}): ${a.state}`,
  );
  section(
    'orphaned blocks',
    report.orphanedBlocks,
    (b) => `${b.block}: ${b.reason === 'outside-pools' ? 'outside every IPPool' : 'its node is gone'}`,
  );
  section('orphan or miscounted handles', report.handleMismatches, (h) =>
    h.block === ''
      ? `${h.handleID}: holds no address`
      : `${h.handleID} in ${h.block}: handle counts ${h.handleCount}, block holds ${h.blockCount}`,
  );
  lines.push(report.clean ? 'IPAM is consistent' : 'IPAM has problems (see above)');
  return `${lines.join('\n')}\n`;
}
