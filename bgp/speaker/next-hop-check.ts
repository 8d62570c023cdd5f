/**
 * A family negotiated with a peer but no next hop of ours for it: routes that need our own next hop
 * (our prefixes, and everything in `self` mode) cannot be sent in it, and the export rules drop them
 * quietly. Typical case: IPv4 unicast over an IPv6 session without `ipv4NextHop`, or IPv6 unicast over
 * an IPv4 session without `ipv6NextHop` (RFC 4271 §5.1.3 NEXT_HOP is an IPv4 address; RFC 2545 §3 needs
 * a global IPv6 one). Say so once per session, naming the option that fixes it.
 */
import type { Family } from '../wire/index.js';

export function missingNextHopFamilies(
  families: readonly Family[],
  selfNextHop: { readonly ipv4?: unknown; readonly ipv6?: unknown },
): string[] {
  const out: string[] = [];
  if (families.includes('ipv4-unicast') && selfNextHop.ipv4 === undefined)
    out.push('ipv4-unicast (set ipv4NextHop)');
  if (families.includes('ipv6-unicast') && selfNextHop.ipv6 === undefined)
    out.push('ipv6-unicast (set ipv6NextHop)');
  return out;
}
