import { expect } from 'chai';

import { parsePrefix } from '../../common/index.js';
import type { IPAMBlock } from '../../datastore/index.js';
import { endpoint, node, pool } from '../testing/fixtures.js';
import { newAffinity, newBlock, newHandle } from '../ipam-deps.js';
import { assignInBlock, emptyBlockSpec } from './block-allocation.js';
import { checkConsistency, type IpamSnapshot } from './consistency.js';
import { affinityName, blockName } from './names.js';
import { ownerAttributes } from './owner.js';

function block(cidr: string, nodeName: string | undefined, owners: string[] = []): IPAMBlock {
  let spec = emptyBlockSpec(parsePrefix(cidr), nodeName && `host:${nodeName}`);
  for (const owner of owners) {
    const secondary = ownerAttributes({ namespace: 'ns', workloadEndpoint: owner });
    spec = assignInBlock(spec, 1, { handleID: owner, secondary }).spec;
  }
  return {
    ...newBlock(blockName(parsePrefix(cidr)), spec),
    metadata: { name: blockName(parsePrefix(cidr)), uid: `uid-${cidr}` },
  };
}

function snapshot(extra: Partial<IpamSnapshot>): IpamSnapshot {
  return {
    pools: [pool('p', '10.0.0.0/24')],
    blocks: [],
    affinities: [],
    handles: [],
    endpoints: [],
    nodes: [node('n1'), node('n2')],
    ...extra,
  };
}

const confirmed = (nodeName: string, cidr: string) =>
  newAffinity(affinityName(nodeName, parsePrefix(cidr)), nodeName, cidr, 'confirmed');

describe('ipam/core checkConsistency', () => {
  it('a consistent snapshot is clean and counted', () => {
    const report = checkConsistency(
      snapshot({
        blocks: [block('10.0.0.0/30', 'n1', ['a', 'b'])],
        affinities: [confirmed('n1', '10.0.0.0/30')],
        handles: [newHandle('a', 'a', { '10.0.0.0/30': 1 }), newHandle('b', 'b', { '10.0.0.0/30': 1 })],
        endpoints: [endpoint('ns', 'a', 'n1', ['10.0.0.0']), endpoint('ns', 'b', 'n1', ['10.0.0.1'])],
      }),
    );
    expect(report).to.include({ clean: true, blocks: 1, allocatedAddresses: 2, freeAddresses: 2 });
  });

  it('reports each kind of problem', () => {
    const report = checkConsistency(
      snapshot({
        blocks: [
          block('10.0.0.0/30', 'n1', ['a', 'gone']),
          block('10.0.0.4/30', 'n2'),
          block('10.0.0.0/31', undefined, ['dup']),
          block('10.9.0.0/30', 'n-deleted'),
        ],
        affinities: [
          confirmed('n1', '10.0.0.0/30'),
          confirmed('n2', '10.0.0.8/30'),
          {
            ...confirmed('n1', '10.0.0.12/30'),
            spec: { state: 'pending', node: 'n1', cidr: '10.0.0.12/30' },
          },
        ],
        handles: [newHandle('a', 'a', { '10.0.0.0/30': 2 })],
        endpoints: [
          endpoint('ns', 'a', 'n1', ['10.0.0.0']),
          endpoint('ns', 'other', 'n1', ['10.0.0.0', '10.0.0.99']),
        ],
      }),
    );
    expect(report.clean).to.equal(false);
    expect(report.leaked.map((l) => [l.address, l.reason])).to.deep.equal([
      ['10.0.0.1', 'owner-gone'],
      ['10.0.0.0', 'owner-gone'],
    ]);
    expect(report.doubleAssigned.map((d) => d.address)).to.include.members(['10.0.0.0']);
    expect(
      report.doubleAssigned.find(
        (d) => d.holders.length === 2 && d.holders.every((h) => h.startsWith('block')),
      ),
    ).to.not.equal(undefined);
    expect(report.unallocatedEndpointAddresses).to.deep.equal([
      { address: '10.0.0.99', endpoint: 'ns/other' },
    ]);
    expect(report.blocksWithoutAffinity.map((b) => b.block)).to.deep.equal([
      'v4-10-0-0-4-30',
      'v4-10-9-0-0-30',
    ]);
    expect(report.affinitiesWithoutBlock.map((a) => [a.node, a.reason])).to.deep.equal([
      ['n2', 'block-missing'],
    ]);
    expect(report.unfinishedAffinities.map((a) => a.state)).to.deep.equal(['pending']);
    expect(report.orphanedBlocks).to.deep.equal([
      { block: 'v4-10-9-0-0-30', reason: 'outside-pools' },
      { block: 'v4-10-9-0-0-30', reason: 'node-gone' },
    ]);
    expect(report.handleMismatches).to.deep.include({
      handleID: 'a',
      block: '10.0.0.0/30',
      handleCount: 2,
      blockCount: 1,
    });
    expect(report.handleMismatches).to.deep.include({
      handleID: 'gone',
      block: '10.0.0.0/30',
      handleCount: 0,
      blockCount: 1,
    });
  });
});
