// How many rules Twill's table holds: the sum over its chains of what was committed (one transaction
// commits the whole desired table or nothing, so after a successful apply this is the kernel's count;
// the lab test of daemon/node/observability checks it against `nft -j list table`).
import type { DesiredTable } from './table-model.js';

export function ruleCount(table: DesiredTable): number {
  let rules = 0;
  for (const chain of table.chains.values()) rules += chain.rules.length;
  return rules;
}
