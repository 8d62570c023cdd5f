/**
 * The fuzz loop: valid seed messages (captured ones and fast-check samples), mutated (testing/mutate.ts)
 * and checked against the invariants of testing/oracle.ts. Deterministic for a given seed.
 */
import fc from 'fast-check';
import { createPrng } from '../../../common/testing/prng.js';
import type { CodecContext } from '../context.js';
import { encodeMessage } from '../encode.js';
import { messageWithContextArb } from '../testing/arbitraries.js';
import { mutate } from '../testing/mutate.js';
import { checkInput } from '../testing/oracle.js';
import { CAPTURED_SEEDS } from './seeds.js';

export interface FuzzSeed {
  readonly bytes: Buffer;
  readonly context: CodecContext;
}

export interface Crasher {
  readonly bytes: Buffer;
  readonly context: CodecContext;
  readonly problem: string;
}

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  /** Generated seed messages on top of the captured ones. */
  readonly generated?: number;
  readonly onCrasher?: (crasher: Crasher) => void;
  /** Called every `progressEvery` inputs. */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

export interface FuzzSummary {
  readonly inputs: number;
  readonly crashers: number;
}

export function fuzzSeeds(seed: number, generated: number): FuzzSeed[] {
  const captured = CAPTURED_SEEDS.map((s) => ({ bytes: Buffer.from(s.hex, 'hex'), context: s.context }));
  const samples = fc.sample(messageWithContextArb, { seed, numRuns: generated });
  return [
    ...captured,
    ...samples.map(({ ctx, message }) => ({ bytes: encodeMessage(message, ctx), context: ctx })),
  ];
}

export function runFuzz(options: FuzzOptions): FuzzSummary {
  const seeds = fuzzSeeds(options.seed, options.generated ?? 300);
  const prng = createPrng(options.seed);
  const every = options.progressEvery ?? 100_000;
  let crashers = 0;
  for (let i = 0; i < options.count; i++) {
    const base = seeds[prng.int(seeds.length)] as FuzzSeed;
    const donor = seeds[prng.int(seeds.length)] as FuzzSeed;
    const bytes = mutate(base.bytes, prng, donor.bytes);
    const problem = checkInput(bytes, base.context);
    if (problem !== undefined) {
      crashers++;
      options.onCrasher?.({ bytes, context: base.context, problem });
    }
    if (options.onProgress !== undefined && (i + 1) % every === 0) options.onProgress(i + 1);
  }
  return { inputs: options.count, crashers };
}
