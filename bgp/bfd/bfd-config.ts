/**
 * What an operator sets for one BFD session (per BGP peer), checked here so every caller (speaker API,
 * twill-bgpd YAML) refuses the same things with the same words.
 */
import { BfdError } from './bfd-error.js';
import { BFD_AUTH_TYPES, type BfdAuthConfig } from './auth-section.js';

export interface BfdConfig {
  /** Our DesiredMinTxInterval once Up, in milliseconds (default 300). */
  readonly minTxMs: number;
  /** Our RequiredMinRxInterval, in milliseconds (default 300). */
  readonly minRxMs: number;
  /** Our Detect Mult (default 3). */
  readonly multiplier: number;
  /** RFC 5883 multihop (UDP 4784, no TTL check) instead of RFC 5881 single-hop (3784, TTL 255). */
  readonly multihop: boolean;
  readonly auth?: BfdAuthConfig;
}

export const BFD_DEFAULTS = { minTxMs: 300, minRxMs: 300, multiplier: 3, multihop: false } as const;

/** Limits: intervals 10 ms..60 s, multiplier 1..255 (one byte on the wire), key id 0..255. */
export const BFD_LIMITS = {
  minIntervalMs: 10,
  maxIntervalMs: 60_000,
  maxMultiplier: 255,
  maxSecretBytes: { 'simple-password': 16, keyed: 20 },
} as const;

/** Problems as `field: message` pairs (empty when the config is valid). */
export function bfdConfigProblems(c: BfdConfig): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const interval = (field: 'minTxMs' | 'minRxMs') => {
    const v = c[field];
    if (!Number.isInteger(v) || v < BFD_LIMITS.minIntervalMs || v > BFD_LIMITS.maxIntervalMs)
      out.push({
        field,
        message: `must be an integer ${BFD_LIMITS.minIntervalMs}..${BFD_LIMITS.maxIntervalMs}, got ${v}`,
      });
  };
  interval('minTxMs');
  interval('minRxMs');
  if (!Number.isInteger(c.multiplier) || c.multiplier < 1 || c.multiplier > BFD_LIMITS.maxMultiplier)
    out.push({ field: 'multiplier', message: `must be an integer 1..255, got ${c.multiplier}` });
  const auth = c.auth;
  if (auth !== undefined) {
    if (!BFD_AUTH_TYPES.includes(auth.type))
      out.push({ field: 'auth.type', message: `must be one of ${BFD_AUTH_TYPES.join(', ')}` });
    if (!Number.isInteger(auth.keyId) || auth.keyId < 0 || auth.keyId > 255)
      out.push({ field: 'auth.keyId', message: `must be an integer 0..255, got ${auth.keyId}` });
    const max =
      auth.type === 'simple-password'
        ? BFD_LIMITS.maxSecretBytes['simple-password']
        : BFD_LIMITS.maxSecretBytes.keyed;
    const bytes = Buffer.byteLength(auth.secret ?? '');
    if (bytes < 1 || bytes > max)
      out.push({ field: 'auth.secret', message: `must be 1..${max} bytes for ${auth.type}, got ${bytes}` });
  }
  return out;
}

/** Throws a BfdError naming every problem, prefixed with `where` (e.g. the peer address). */
export function checkBfdConfig(c: BfdConfig, where: string): void {
  const problems = bfdConfigProblems(c);
  if (problems.length > 0)
    throw new BfdError(
      'INVALID_CONFIG',
      `${where}: invalid BFD configuration: ${problems.map((p) => `bfd.${p.field}: ${p.message}`).join('; ')}`,
      { details: { problems } },
    );
}
