import { isTwillError, systemClock, type Clock } from '../common/index.js';
import { IpamError } from './errors.js';

/**
 * How compare-and-swap losers retry. Every IPAM write is "read, edit, write if unchanged"; the loser of a
 * race re-reads and tries again. Attempts are bounded (a datastore that never settles is reported, not
 * spun on) and spaced by full jitter (a random delay up to an exponentially growing cap), so writers
 * that collided once do not collide again in lockstep.
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform in [0, 1); injectable so tests are reproducible. */
  readonly random: () => number;
  readonly clock: Clock;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 30,
  baseDelayMs: 2,
  maxDelayMs: 200,
  random: Math.random,
  clock: systemClock,
};

/** Thrown by an attempt to ask for another round (after a re-read), like a datastore CONFLICT. */
export class RetryableConflict extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RetryableConflict';
  }
}

/**
 * Runs `attempt` until it returns, retrying on CONFLICT (a lost compare-and-swap), ALREADY_EXISTS and
 * NOT_FOUND races surface as their own codes and are the attempt's to handle. `what` names the
 * operation in the RETRIES_EXHAUSTED error.
 */
export async function retryOnConflict<T>(
  what: string,
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  let lastReason = '';
  for (let n = 1; n <= policy.maxAttempts; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (error instanceof RetryableConflict) lastReason = error.reason;
      else if (isTwillError(error, 'CONFLICT')) lastReason = error.message;
      else throw error;
    }
    if (n < policy.maxAttempts) await sleep(policy, backoffMs(policy, n));
  }
  throw new IpamError(
    'RETRIES_EXHAUSTED',
    `${what}: lost ${policy.maxAttempts} compare-and-swap attempts in a row (last: ${lastReason})`,
    { details: { what, attempts: policy.maxAttempts } },
  );
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
export function backoffMs(policy: RetryPolicy, attemptNumber: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attemptNumber - 1, 30));
  return policy.random() * cap;
}

function sleep(policy: RetryPolicy, ms: number): Promise<void> {
  return new Promise((resolve) => policy.clock.setTimeout(resolve, ms));
}
