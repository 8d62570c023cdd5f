// Waiting with a deadline for the traffic helpers (lab/wait.ts is for test files only: routing/ may
// not import lab/). Probes until a value comes back; on time-out names what was awaited and last seen.
import { TwillError } from '../../../common/index.js';

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs: number; describeLast?: () => string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() + opts.intervalMs > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs));
  }
  const seen = opts.describeLast === undefined ? '' : `; last seen: ${opts.describeLast()}`;
  const error = last instanceof Error ? `; last error: ${last.message}` : '';
  throw new TwillError('TIMEOUT', `timed out after ${opts.timeoutMs} ms waiting for ${what}${seen}${error}`);
}
