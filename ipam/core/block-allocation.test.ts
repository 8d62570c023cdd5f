import { expect } from 'chai';
import fc from 'fast-check';

import { parsePrefix } from '../../common/index.js';
import { validateResource, type IPAMBlockSpec } from '../../datastore/index.js';
import { newBlock } from '../ipam-deps.js';
import {
  allocationAt,
  allocationsIn,
  assignInBlock,
  emptyBlockSpec,
  freeCount,
  isBlockEmpty,
  ordinalsOfHandle,
  releaseInBlock,
} from './block-allocation.js';

const CIDR = parsePrefix('10.0.0.0/29');

describe('ipam/core allocation within a block', () => {
  it('hands out addresses in order and stamps each with a fresh sequence number', () => {
    let spec = emptyBlockSpec(CIDR, 'host:n1');
    const a = assignInBlock(spec, 3, { handleID: 'a' });
    spec = a.spec;
    const b = assignInBlock(spec, 2, { handleID: 'b' });
    spec = b.spec;
    expect(a.ordinals).to.deep.equal([0, 1, 2]);
    expect(b.ordinals).to.deep.equal([3, 4]);
    expect(spec.sequenceNumber).to.equal(5);
    expect(allocationAt(spec, 4)).to.include({ handleID: 'b', sequenceNumber: 4 });
    expect(freeCount(spec)).to.equal(3);
    expect(assignInBlock(spec, 10, { handleID: 'c' }).ordinals).to.deep.equal([5, 6, 7]);
  });

  it('release is idempotent and reuses freed addresses last', () => {
    let spec = assignInBlock(emptyBlockSpec(CIDR, undefined), 8, { handleID: 'a' }).spec;
    const first = releaseInBlock(spec, [{ ordinal: 2 }, { ordinal: 2 }]);
    expect(first.released.map((r) => r.ordinal)).to.deep.equal([2]);
    const again = releaseInBlock(first.spec, [{ ordinal: 2 }]);
    expect(again.released).to.deep.equal([]);
    expect(again.spec).to.equal(first.spec);
    spec = releaseInBlock(first.spec, [{ ordinal: 5 }]).spec;
    expect(spec.unallocated).to.deep.equal([2, 5]);
    const reused = assignInBlock(spec, 1, { handleID: 'b' });
    expect(reused.ordinals).to.deep.equal([2]);
    expect(allocationAt(reused.spec, 2)?.sequenceNumber).to.equal(8);
  });

  it('keeps an address that was reused since the caller looked (sequence number or owner changed)', () => {
    let spec = assignInBlock(emptyBlockSpec(CIDR, undefined), 1, { handleID: 'old' }).spec;
    const seen = allocationAt(spec, 0);
    spec = releaseInBlock(spec, [{ ordinal: 0 }]).spec;
    // Fill the rest so the reuse lands on ordinal 0 again.
    spec = assignInBlock(spec, 7, { handleID: 'filler' }).spec;
    spec = assignInBlock(spec, 1, { handleID: 'old' }).spec;
    expect(allocationAt(spec, 0)?.handleID).to.equal('old');
    const stale = releaseInBlock(spec, [
      { ordinal: 0, handleID: 'old', sequenceNumber: seen?.sequenceNumber },
    ]);
    expect(stale.released).to.deep.equal([]);
    expect(stale.skipped).to.deep.equal([0]);
    const wrongOwner = releaseInBlock(spec, [{ ordinal: 1, handleID: 'someone-else' }]);
    expect(wrongOwner.skipped).to.deep.equal([1]);
  });

  it('drops attributes nobody refers to and renumbers the rest', () => {
    let spec = emptyBlockSpec(CIDR, undefined);
    spec = assignInBlock(spec, 2, { handleID: 'a', secondary: { namespace: 'x' } }).spec;
    spec = assignInBlock(spec, 2, { handleID: 'b' }).spec;
    spec = assignInBlock(spec, 1, { handleID: 'a', secondary: { namespace: 'x' } }).spec;
    expect(spec.attributes).to.have.length(2);
    spec = releaseInBlock(
      spec,
      ordinalsOfHandle(spec, 'a').map((ordinal) => ({ ordinal })),
    ).spec;
    expect(spec.attributes).to.deep.equal([{ handleID: 'b' }]);
    expect(ordinalsOfHandle(spec, 'b')).to.deep.equal([2, 3]);
    spec = releaseInBlock(spec, [{ ordinal: 2 }, { ordinal: 3 }]).spec;
    expect(isBlockEmpty(spec)).to.equal(true);
  });

  it('any sequence of assigns and releases keeps the table consistent and valid (property)', () => {
    const op = fc.oneof(
      fc.record({ assign: fc.integer({ min: 1, max: 5 }), handle: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ release: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ releaseHandle: fc.constantFrom('a', 'b', 'c') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let spec: IPAMBlockSpec = emptyBlockSpec(CIDR, 'host:n1');
        const stamps = new Set<number>();
        for (const o of ops) {
          if ('assign' in o) {
            const result = assignInBlock(spec, o.assign, { handleID: o.handle });
            spec = result.spec;
            for (const ordinal of result.ordinals) {
              const stamp = allocationAt(spec, ordinal)?.sequenceNumber as number;
              expect(stamps.has(stamp), 'stamps never repeat').to.equal(false);
              stamps.add(stamp);
            }
          } else if ('release' in o) {
            spec = releaseInBlock(spec, [{ ordinal: o.release }]).spec;
          } else {
            spec = releaseInBlock(
              spec,
              ordinalsOfHandle(spec, o.releaseHandle).map((ordinal) => ({ ordinal })),
            ).spec;
          }
          const allocated = allocationsIn(spec).map((a) => a.ordinal);
          expect([...allocated, ...spec.unallocated].sort((x, y) => x - y)).to.deep.equal([
            0, 1, 2, 3, 4, 5, 6, 7,
          ]);
          expect(
            Object.keys(spec.sequenceNumberForAllocation ?? {})
              .map(Number)
              .sort(),
          ).to.deep.equal(allocated);
          expect(() => validateResource(newBlock('v4-10-0-0-0-29', spec))).not.to.throw();
        }
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});
