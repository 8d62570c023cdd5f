/**
 * A seeded pseudo-random generator (mulberry32) for property-style tests: the same seed gives the same
 * sequence on every run and machine, so a failure can be reproduced from the seed in the test name.
 * Not for anything security-related.
 */
export interface Prng {
  /** Uniform unsigned 32-bit integer. */
  u32(): number;
  /** Uniform integer in [0, bound), bound <= 2^32. */
  int(bound: number): number;
  /** `count` random bytes. */
  bytes(count: number): Uint8Array;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    u32,
    int: (bound) => Math.floor((u32() / 0x1_0000_0000) * bound),
    bytes: (count) => {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}
