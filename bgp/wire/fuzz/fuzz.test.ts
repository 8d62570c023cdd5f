import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { repoPath } from '../../../lab/testing/repo.js';
import { formatCorpusLine, parseCorpus } from './corpus.js';
import { runFuzz, type Crasher } from './fuzz.js';
import { checkInput } from '../testing/oracle.js';
import { codecContext } from '../context.js';

describe('fuzzing (testing/oracle.ts invariants)', () => {
  const corpus = parseCorpus(readFileSync(repoPath('bgp', 'wire', 'fuzz', 'corpus.txt'), 'utf8'));

  it('the corpus holds inputs to replay', () => {
    expect(corpus.length).to.be.greaterThan(0);
  });

  for (const [i, entry] of corpus.entries()) {
    it(`corpus #${i + 1} (${entry.note}) is handled`, () => {
      expect(checkInput(Buffer.from(entry.hex, 'hex'), entry.context)).to.equal(undefined);
    });
  }

  it('a short run of 3000 mutated inputs finds no crasher', function () {
    this.timeout(60_000);
    const crashers: Crasher[] = [];
    const summary = runFuzz({
      count: 3000,
      seed: 20250101,
      generated: 60,
      onCrasher: (c) => crashers.push(c),
    });
    expect(summary.inputs).to.equal(3000);
    expect(crashers.map((c) => formatCorpusLine(c.bytes, c.context, c.problem))).to.deep.equal([]);
  });

  it('corpus lines round-trip through their format', () => {
    const line = formatCorpusLine(Buffer.from('ff00', 'hex'), codecContext({ fourOctetAs: true }), 'a\nnote');
    expect(parseCorpus(line)).to.deep.equal([
      { hex: 'ff00', context: codecContext({ fourOctetAs: true }), note: 'a note' },
    ]);
  });
});
