// Waiting for a condition with a deadline, never a fixed sleep. The probe returns the value
// when the condition holds and undefined otherwise; on time-out the error names what was
// awaited and what the probe saw last, which is what a failing lab test needs to say.
import { LabError } from './errors.js';

export interface WaitOptions {
  timeoutMs?: number;
  /** Time between probes. Router CLIs are polled at ≥ 1 s so that polling does not slow them. */
  intervalMs?: number;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: WaitOptions & { describeLast?: () => string } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const intervalMs = opts.intervalMs ?? 1000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + intervalMs > deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const last = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
  const seen = opts.describeLast ? `; last seen: ${opts.describeLast()}` : '';
  throw new LabError('LAB_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${seen}${last}`, {
    what,
  });
}
