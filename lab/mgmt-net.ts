// The management network of a topology with `mgmt.ipv4-subnet`: a bridge `mgmt` in a namespace of its
// own (`twl-<lab>.mgmt`, holding the bridge's address, containerlab's gateway) and `eth0` in every node
// on it. The host's own namespace is left alone (containerlab puts its bridge there; parallel labs on one
// machine would then clash on routes): processes outside reach a node through unix sockets instead.
import { run } from './exec.js';
import { NETNS_PREFIX } from './names.js';
import { mgmtBridgeAddress } from './topology/mgmt.js';
import type { Topology } from './topology/types.js';

export const MGMT_BRIDGE = 'mgmt';

export function mgmtNetnsName(lab: string): string {
  return `${NETNS_PREFIX}${lab}.mgmt`;
}

export async function createMgmtNetwork(
  lab: string,
  topology: Topology,
  nsOf: (node: string) => string,
): Promise<void> {
  if (!topology.mgmt) return;
  const mgmtNs = mgmtNetnsName(lab);
  await run(['ip', '-n', mgmtNs, '-batch', '-'], {
    input:
      `link add ${MGMT_BRIDGE} type bridge\n` +
      `addr add ${mgmtBridgeAddress(topology.mgmt)} dev ${MGMT_BRIDGE}\n` +
      `link set ${MGMT_BRIDGE} up\nlink set lo up\n`,
  });
  const nodes = topology.nodes.filter((n) => n.mgmtIpv4 !== undefined);
  // Bridge-side names: m<index> (IFNAMSIZ leaves no room for node names).
  await run(['ip', '-batch', '-'], {
    input: nodes
      .map((n, i) => `link add eth0 netns ${nsOf(n.name)} type veth peer name m${i} netns ${mgmtNs}\n`)
      .join(''),
  });
  await run(['ip', '-n', mgmtNs, '-batch', '-'], {
    input: nodes.map((_, i) => `link set m${i} master ${MGMT_BRIDGE} up\n`).join(''),
  });
  await Promise.all(
    nodes.map((n) =>
      run(['ip', '-n', nsOf(n.name), '-batch', '-'], {
        input: `addr add ${n.mgmtIpv4} dev eth0\nlink set eth0 up\n`,
      }),
    ),
  );
}
