#!/usr/bin/env node
// Fuzzes the codec: mutated valid messages must never throw out of the decoder, always map to an
// RFC 7606 treatment, and re-encode to a fixed point (testing/oracle.ts).
//
//   node dist/bgp/wire/fuzz/run.js --count 10000000 --seed 1 >> bgp/wire/fuzz/corpus.txt
//
// Crashers go to stdout as corpus lines (so they can be appended to corpus.txt, which fuzz.test.ts
// replays); progress and the summary go to stderr. Exit status 1 if any crasher was found.
import { formatCorpusLine } from './corpus.js';
import { runFuzz } from './fuzz.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`fuzz: ${name} needs a non-negative integer\n`);
    process.exit(2);
  }
  return value;
}

// Nothing here reads stack traces, and capturing one for every rejected input dominated the run time.
Error.stackTraceLimit = 0;
const count = option('--count', 100_000);
const seed = option('--seed', Date.now() % 1_000_000);
const started = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`fuzz: ${count} inputs, seed ${seed}\n`);
const summary = runFuzz({
  count,
  seed,
  onCrasher: (c) =>
    process.stdout.write(`${formatCorpusLine(c.bytes, c.context, `seed ${seed}: ${c.problem}`)}\n`),
  onProgress: (done) => {
    const rate = Math.round(done / elapsed());
    process.stderr.write(`fuzz: ${done} inputs, ${rate}/s\n`);
  },
  progressEvery: 500_000,
});
const rate = Math.round(summary.inputs / elapsed());
process.stderr.write(
  `fuzz: done, ${summary.inputs} inputs in ${elapsed().toFixed(1)} s (${rate}/s), ${summary.crashers} crashers\n`,
);
process.exitCode = summary.crashers > 0 ? 1 : 0;
