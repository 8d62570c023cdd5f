/**
 * twill-bgpd YAML for graceful restart (RFC 4724) and max-prefix (RFC 4486 §4), with field paths:
 *
 * ```yaml
 * gracefulRestart:                 # speaker-wide (our own restarts)
 *   restartTimeSec: 120            # advertised Restart Time, 1..4095 (12 bits)
 *   forwardingPreserved: true      # the node kept its routes: R and F bits, selection deferral
 *   selectionDeferralTimeSec: 360
 *   longLivedStaleTimeSec: { ipv4-unicast: 3600 }   # RFC 9494 LLGR, per family, 0..16777215
 * peers:
 *   - address: 10.0.1.1
 *     gracefulRestart: { enabled: true, restartTimeSec: 60, staleRoutesTimeSec: 360 }
 *     maxPrefix:
 *       ipv4-unicast: { limit: 1000, warningThresholdPercent: 75, restartTimeSec: 60 }
 * ```
 */
import type {
  GracefulRestartOptions,
  MaxPrefixByFamily,
  MaxPrefixConfig,
  PeerGracefulRestartConfig,
} from '../../bgp/speaker/index.js';
import { FAMILIES, type Family } from '../../bgp/wire/index.js';
import type { Fields } from './fields.js';

/** RFC 4724 §3: the Restart Time is 12 bits. */
const MAX_RESTART_TIME_SEC = 4095;
const MAX_TIMER_SEC = 65535;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function readGracefulRestart(f: Fields, value: unknown): GracefulRestartOptions | undefined {
  if (value === undefined) return undefined;
  const path = 'gracefulRestart';
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, [
    'restartTimeSec',
    'forwardingPreserved',
    'selectionDeferralTimeSec',
    'longLivedStaleTimeSec',
  ]);
  const restartTimeSec = f.integer(
    o.restartTimeSec ?? 120,
    `${path}.restartTimeSec`,
    1,
    MAX_RESTART_TIME_SEC,
  );
  const out: Mutable<GracefulRestartOptions> = { restartTimeSec: restartTimeSec ?? 120 };
  const fwd = f.optional(o.forwardingPreserved, (v) => f.boolean(v, `${path}.forwardingPreserved`));
  if (fwd !== undefined) out.forwardingPreserved = fwd;
  const deferral = f.optional(o.selectionDeferralTimeSec, (v) =>
    f.integer(v, `${path}.selectionDeferralTimeSec`, 1, MAX_TIMER_SEC),
  );
  if (deferral !== undefined) out.selectionDeferralTimeSec = deferral;
  const llst = readPerFamily(f, o.longLivedStaleTimeSec, `${path}.longLivedStaleTimeSec`, 0, 0xffffff);
  if (llst !== undefined) out.longLivedStaleTimeSec = llst;
  return out;
}

/** `{ ipv4-unicast: N, ipv6-unicast: M }` with integer values in range. */
function readPerFamily(
  f: Fields,
  value: unknown,
  path: string,
  min: number,
  max: number,
): Partial<Record<Family, number>> | undefined {
  if (value === undefined) return undefined;
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, FAMILIES);
  const out: Partial<Record<Family, number>> = {};
  for (const family of FAMILIES) {
    const n = f.optional(o[family], (v) => f.integer(v, `${path}.${family}`, min, max));
    if (n !== undefined) out[family] = n;
  }
  return out;
}

export function readPeerGracefulRestart(
  f: Fields,
  value: unknown,
  path: string,
): PeerGracefulRestartConfig | undefined {
  if (value === undefined) return undefined;
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, ['enabled', 'restartTimeSec', 'staleRoutesTimeSec']);
  const out: Mutable<PeerGracefulRestartConfig> = {};
  const enabled = f.optional(o.enabled, (v) => f.boolean(v, `${path}.enabled`));
  if (enabled !== undefined) out.enabled = enabled;
  const restart = f.optional(o.restartTimeSec, (v) =>
    f.integer(v, `${path}.restartTimeSec`, 1, MAX_RESTART_TIME_SEC),
  );
  if (restart !== undefined) out.restartTimeSec = restart;
  const stale = f.optional(o.staleRoutesTimeSec, (v) =>
    f.integer(v, `${path}.staleRoutesTimeSec`, 1, MAX_TIMER_SEC),
  );
  if (stale !== undefined) out.staleRoutesTimeSec = stale;
  return out;
}

export function readMaxPrefix(f: Fields, value: unknown, path: string): MaxPrefixByFamily | undefined {
  if (value === undefined) return undefined;
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, FAMILIES);
  const out: Partial<Record<Family, MaxPrefixConfig>> = {};
  for (const family of FAMILIES) {
    const p = `${path}.${family}`;
    if (o[family] === undefined) continue;
    const c = f.object(o[family], p);
    if (c === undefined) continue;
    f.onlyKnown(c, p, ['limit', 'warningThresholdPercent', 'restartTimeSec']);
    const limit = f.integer(c.limit, `${p}.limit`, 1, 0xffff_ffff);
    const warn = f.optional(c.warningThresholdPercent, (v) =>
      f.integer(v, `${p}.warningThresholdPercent`, 1, 100),
    );
    const restart = f.optional(c.restartTimeSec, (v) =>
      f.integer(v, `${p}.restartTimeSec`, 1, MAX_TIMER_SEC),
    );
    if (limit === undefined) continue;
    out[family] = {
      limit,
      ...(warn === undefined ? {} : { warningThresholdPercent: warn }),
      ...(restart === undefined ? {} : { restartTimeSec: restart }),
    };
  }
  return out;
}
