/**
 * A peer's `bfd:` block in twill-bgpd YAML:
 *
 * ```yaml
 * bfd: { enabled: true, minTxMs: 300, minRxMs: 300, multiplier: 3, multihop: false,
 *        auth: { type: keyed-sha1, keyId: 1, secret: s3cret } }
 * ```
 * Checked with the same rules as the speaker API (bgp/bfd bfdConfigProblems), reported with field paths.
 */
import { BFD_AUTH_TYPES, BFD_DEFAULTS, bfdConfigProblems, type BfdAuthType } from '../../bgp/bfd/index.js';
import type { PeerBfdConfig } from '../../bgp/speaker/index.js';
import type { Fields } from './fields.js';

const KEYS = ['enabled', 'minTxMs', 'minRxMs', 'multiplier', 'multihop', 'auth'] as const;

export function readPeerBfd(f: Fields, value: unknown, path: string): PeerBfdConfig | undefined {
  const o = f.object(value, path);
  if (o === undefined) return undefined;
  f.onlyKnown(o, path, KEYS);
  const enabled = o.enabled === undefined ? true : f.boolean(o.enabled, `${path}.enabled`);
  const int = (key: 'minTxMs' | 'minRxMs' | 'multiplier', min: number, max: number) =>
    f.optional(o[key], (v) => f.integer(v, `${path}.${key}`, min, max));
  const out: { -readonly [K in keyof PeerBfdConfig]: PeerBfdConfig[K] } = { enabled: enabled ?? false };
  const minTxMs = int('minTxMs', 10, 60_000);
  if (minTxMs !== undefined) out.minTxMs = minTxMs;
  const minRxMs = int('minRxMs', 10, 60_000);
  if (minRxMs !== undefined) out.minRxMs = minRxMs;
  const multiplier = int('multiplier', 1, 255);
  if (multiplier !== undefined) out.multiplier = multiplier;
  const multihop = f.optional(o.multihop, (v) => f.boolean(v, `${path}.multihop`));
  if (multihop !== undefined) out.multihop = multihop;
  if (o.auth !== undefined) {
    const a = f.object(o.auth, `${path}.auth`);
    if (a !== undefined) {
      f.onlyKnown(a, `${path}.auth`, ['type', 'keyId', 'secret']);
      const type = f.oneOf<BfdAuthType>(a.type, `${path}.auth.type`, BFD_AUTH_TYPES);
      const keyId = a.keyId === undefined ? 0 : f.integer(a.keyId, `${path}.auth.keyId`, 0, 255);
      const secret = f.string(a.secret, `${path}.auth.secret`);
      if (type !== undefined && keyId !== undefined && secret !== undefined)
        out.auth = { type, keyId, secret };
    }
  }
  // The rules the speaker applies (secret length per type, ...), with this block's path.
  const problems = bfdConfigProblems({ ...BFD_DEFAULTS, ...out });
  for (const p of problems) if (p.field.startsWith('auth.secret')) f.problem(`${path}.${p.field}`, p.message);
  return out;
}
