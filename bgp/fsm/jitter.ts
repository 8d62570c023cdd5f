import { FsmError } from './fsm-error.js';

/** A uniform random number in [0, 1], injected so the FSM stays deterministic under test. */
export type RandomSource = () => number;

/**
 * RFC 4271 §10: ConnectRetryTimer and KeepaliveTimer are jittered by a factor uniformly distributed in
 * 0.75..1.0, picked anew each time the timer is set, so that many sessions started together (a rack of
 * nodes after a switch reboot) do not keep retrying and sending in lock-step.
 */
export function jitteredSec(baseSec: number, random: RandomSource): number {
  const r = random();
  if (!(r >= 0 && r <= 1)) {
    throw new FsmError('INVALID_RANDOM', `the random source must return a number in [0, 1], got ${r}`, {
      details: { value: r },
    });
  }
  return baseSec * (0.75 + 0.25 * r);
}

/**
 * Used when the caller injects no random source: always the full base value, so step() stays a pure
 * function. The session driver always injects a real source (driver-contract.ts).
 */
export const noJitter: RandomSource = () => 1;
