/**
 * The AS path as text for regular-expression matches, in the form `twillctl bgp routes` shows:
 * AS_SEQUENCE members separated by spaces, an AS_SET as "{65003,65004}", confederation segments as
 * "(65010 65011)" and "[65012,65013]" (RFC 5065). An empty path is "". Anchors work as expected:
 * "^65001 " (learned from 65001), " 65009$" or "^65009$" (originated by 65009), "\{.*65003.*\}" (65003 in
 * an AS_SET).
 */
import type { AsPathSegment } from '../wire/attributes/types.js';

export function asPathText(asPath: readonly AsPathSegment[] | undefined): string {
  const parts: string[] = [];
  for (const s of asPath ?? []) {
    if (s.asns.length === 0) continue;
    switch (s.type) {
      case 'as-sequence':
        parts.push(s.asns.join(' '));
        break;
      case 'as-set':
        parts.push(`{${s.asns.join(',')}}`);
        break;
      case 'as-confed-sequence':
        parts.push(`(${s.asns.join(' ')})`);
        break;
      case 'as-confed-set':
        parts.push(`[${s.asns.join(',')}]`);
        break;
    }
  }
  return parts.join(' ');
}

/** Whether `asn` is a member of an AS_SEQUENCE or AS_SET segment. */
export function asPathContains(asPath: readonly AsPathSegment[] | undefined, asn: number): boolean {
  for (const s of asPath ?? [])
    if ((s.type === 'as-sequence' || s.type === 'as-set') && s.asns.includes(asn)) return true;
  return false;
}
