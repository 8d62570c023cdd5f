// The one-rack lab the twill-node lab tests share (testdata/node-lab: etcd on `db`, an FRR ToR at
// 10.0.1.1 in AS 65000, hosts n1 and n2 on 10.0.1.0/24), up with the resources every one of them writes
// first: the pod pool, the hosts' blocks, their Node objects and the ToR as a global BGPPeer.
import path from 'node:path';

import { repoPath } from '../../../lab/testing/repo.js';
import { block, bgpPeer, node, pool } from '../calc/testing/resources.js';
import { NodeLab } from './node-lab.js';

export type RackHost = 'n1' | 'n2';

export const RACK = {
  tor: '10.0.1.1',
  torAs: 65000,
  address: { n1: '10.0.1.11', n2: '10.0.1.12' },
  block: { n1: '10.244.1.0/26', n2: '10.244.2.0/26' },
  pool: '10.244.0.0/16',
} as const;

export interface RackLabOptions {
  /** Hosts with their IPAM block (RACK.block) affine to them. */
  readonly blocks: readonly RackHost[];
  /** Hosts whose Node object names their address (RACK.address); the others autodetect and write it. */
  readonly addresses: readonly RackHost[];
}

/** The lab up with etcd running and the resources written; daemons are the test's to configure and start. */
export async function rackLab(tag: string, options: RackLabOptions): Promise<NodeLab> {
  const lab = await NodeLab.up({
    topology: path.join(repoPath('daemon/node/testdata/node-lab'), 'node-lab.clab.yml'),
    tag,
    etcd: { node: 'db', address: '10.0.1.100' },
  });
  try {
    await lab.apply([
      pool('pods', RACK.pool),
      ...options.blocks.map((h) => block(RACK.block[h], h)),
      ...options.addresses.map((h) => node(h, { bgp: { ipv4Address: `${RACK.address[h]}/24` } })),
      bgpPeer('tor', { peerIP: RACK.tor, asNumber: RACK.torAs }),
    ]);
    return lab;
  } catch (error) {
    await lab.down();
    throw error;
  }
}
