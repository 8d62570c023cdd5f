/**
 * Maximum prefixes per peer and family (RFC 4486 §4): above the warning threshold we log once and show it;
 * above the limit the session is reset with Cease / Maximum Number of Prefixes Reached, whose data is the
 * AFI (2 octets), SAFI (1) and the limit (4), and stays down for the restart time. Counted on the routes
 * received (accepted by import or not): what the peer sent is what the limit protects us from.
 */
import { afiSafiOf, type Family } from '../wire/index.js';
import type { MaxPrefixConfig } from './graceful-restart-config.js';

export const DEFAULT_WARNING_THRESHOLD_PERCENT = 75;

export type MaxPrefixVerdict = 'ok' | 'warning' | 'exceeded';

export function maxPrefixVerdict(config: MaxPrefixConfig, received: number): MaxPrefixVerdict {
  if (received > config.limit) return 'exceeded';
  const percent = config.warningThresholdPercent ?? DEFAULT_WARNING_THRESHOLD_PERCENT;
  return received * 100 >= config.limit * percent ? 'warning' : 'ok';
}

/** RFC 4486 §4: "AFI (2 octets), SAFI (1 octet), and the prefix upper bound (4 octets)". */
export function maxPrefixNotificationData(family: Family, limit: number): Uint8Array {
  const { afi, safi } = afiSafiOf(family);
  const data = Buffer.alloc(7);
  data.writeUInt16BE(afi, 0);
  data.writeUInt8(safi, 2);
  data.writeUInt32BE(limit, 3);
  return data;
}

export function describeMaxPrefix(family: Family, limit: number, received: number): string {
  return `maximum prefixes reached for ${family}: ${received} received, limit ${limit}`;
}

export interface MaxPrefixFamilyStatus {
  readonly limit: number;
  readonly received: number;
  readonly warningThresholdPercent: number;
  readonly state: MaxPrefixVerdict;
}

/** One peer's limits and what was last seen, so the warning is logged once per crossing. */
export class MaxPrefixGuard {
  private readonly warned = new Set<Family>();
  /** The last reset in words ("maximum prefixes reached for ipv4-unicast: 6 received, limit 5"). */
  lastExceeded: string | undefined;

  constructor(readonly limits: Readonly<Partial<Record<Family, MaxPrefixConfig>>>) {}

  /**
   * Checks every limited family against `received(family)`. Returns the first family over its limit, and
   * calls `warn` for a family newly above its warning threshold.
   */
  check(
    received: (family: Family) => number,
    warn: (family: Family, count: number, config: MaxPrefixConfig) => void,
  ): { family: Family; config: MaxPrefixConfig; received: number } | undefined {
    for (const [family, config] of Object.entries(this.limits) as [Family, MaxPrefixConfig][]) {
      const count = received(family);
      const verdict = maxPrefixVerdict(config, count);
      if (verdict === 'exceeded') {
        this.warned.delete(family);
        this.lastExceeded = describeMaxPrefix(family, config.limit, count);
        return { family, config, received: count };
      }
      if (verdict === 'warning' && !this.warned.has(family)) {
        this.warned.add(family);
        warn(family, count, config);
      } else if (verdict === 'ok') {
        this.warned.delete(family);
      }
    }
    return undefined;
  }

  status(received: (family: Family) => number): Partial<Record<Family, MaxPrefixFamilyStatus>> {
    const out: Partial<Record<Family, MaxPrefixFamilyStatus>> = {};
    for (const [family, config] of Object.entries(this.limits) as [Family, MaxPrefixConfig][]) {
      const count = received(family);
      out[family] = {
        limit: config.limit,
        received: count,
        warningThresholdPercent: config.warningThresholdPercent ?? DEFAULT_WARNING_THRESHOLD_PERCENT,
        state: maxPrefixVerdict(config, count),
      };
    }
    return out;
  }
}
