import { expect } from 'chai';

import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { blockAt, blockCount, blockIndex, blocksFrom, ordinalOf, startIndexFor } from './block-math.js';

describe('ipam/core block arithmetic', () => {
  it('splits an IPv4 pool into blocks by index', () => {
    const pool = parsePrefix('10.65.0.0/24');
    expect(blockCount(pool, 26)).to.equal(4n);
    expect([0n, 1n, 3n].map((i) => blockAt(pool, 26, i).toString())).to.deep.equal([
      '10.65.0.0/26',
      '10.65.0.64/26',
      '10.65.0.192/26',
    ]);
    expect(() => blockAt(pool, 26, 4n)).to.throw(/outside/);
    expect(() => blockCount(pool, 23)).to.throw(/does not fit/);
  });

  it('addresses IPv6 blocks without enumerating the pool', () => {
    const pool = parsePrefix('fd00::/64');
    expect(blockCount(pool, 122)).to.equal(1n << 58n);
    const last = blockAt(pool, 122, (1n << 58n) - 1n);
    expect(last.toString()).to.equal('fd00::ffff:ffff:ffff:ffc0/122');
    expect(blockIndex(pool, 122, last)).to.equal((1n << 58n) - 1n);
    const first = blocksFrom(pool, 122, 5n).next().value;
    expect(first?.toString()).to.equal('fd00::140/122');
  });

  it('blockIndex is the inverse of blockAt and rejects foreign blocks', () => {
    const pool = parsePrefix('10.0.0.0/20');
    for (const i of [0n, 7n, 63n]) expect(blockIndex(pool, 26, blockAt(pool, 26, i))).to.equal(i);
    expect(blockIndex(pool, 26, parsePrefix('10.1.0.0/26'))).to.equal(undefined);
    expect(blockIndex(pool, 26, parsePrefix('10.0.0.0/27'))).to.equal(undefined);
  });

  it('blocksFrom visits every block exactly once, wrapping from the start index', () => {
    const pool = parsePrefix('10.0.0.0/22');
    const seen = [...blocksFrom(pool, 26, 14n)].map(String);
    expect(seen).to.have.length(16);
    expect(new Set(seen).size).to.equal(16);
    expect(seen[0]).to.equal('10.0.3.128/26');
    expect(seen[2]).to.equal('10.0.0.0/26');
  });

  it('startIndexFor is stable per node and spreads nodes out', () => {
    const starts = ['node-1', 'node-2', 'node-3', 'node-4'].map((n) => startIndexFor(n, 1024n));
    expect(startIndexFor('node-1', 1024n)).to.equal(starts[0]);
    expect(new Set(starts).size).to.equal(4);
    for (const s of starts) expect(s < 1024n && s >= 0n).to.equal(true);
  });

  it('ordinalOf places an address in its block', () => {
    const block = parsePrefix('fd00::40/122');
    expect(ordinalOf(block, parseIpAddress('fd00::45'))).to.equal(5);
    expect(ordinalOf(block, parseIpAddress('fd00::80'))).to.equal(undefined);
    expect(ordinalOf(parsePrefix('10.0.0.64/26'), parseIpAddress('10.0.0.127'))).to.equal(63);
  });
});
