/**
 * What a changed PeerConfig needs: policy, route-reflection and next-hop settings only change what the
 * RIB imports and exports, so they apply to the running session (soft reconfiguration: import runs again
 * over the stored Adj-RIB-In, the Adj-RIB-Out sends the differences). Anything else (address, AS,
 * timers, families, transport options, and fields this file does not know) is negotiated in OPEN or
 * lives in the transport, so it needs a new session.
 */
import type { PeerConfig } from './speaker-config.js';

/** Fields that apply without a session reset. */
export const SOFT_FIELDS = [
  'importPolicy',
  'exportPolicy',
  'routeReflectorClient',
  'clusterId',
  'nextHopMode',
  'ipv6NextHop',
] as const satisfies readonly (keyof PeerConfig)[];

export type PeerConfigChange = 'none' | 'soft' | 'restart';

export function peerConfigChange(before: PeerConfig, after: PeerConfig): PeerConfigChange {
  const hard = (c: PeerConfig): string => canonical(without(c, SOFT_FIELDS));
  if (hard(before) !== hard(after)) return 'restart';
  return canonical(before) === canonical(after) ? 'none' : 'soft';
}

function without(config: PeerConfig, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) if (!fields.includes(k)) out[k] = v;
  return out;
}

/** JSON with sorted keys; addresses and prefixes as text (their toJSON); absent and undefined alike. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}
