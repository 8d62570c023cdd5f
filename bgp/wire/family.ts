/**
 * Address families. Capabilities and ROUTE-REFRESH carry any AFI/SAFI as numbers; NLRI is decoded only
 * for the families below (RFC 4760 with IPv4 and IPv6 unicast), which get names the rest of Twill uses.
 */
import { AFI_IPV4, AFI_IPV6, SAFI_UNICAST } from './constants.js';

/** The families whose NLRI this codec decodes and encodes. */
export type Family = 'ipv4-unicast' | 'ipv6-unicast';
export const FAMILIES: readonly Family[] = ['ipv4-unicast', 'ipv6-unicast'];

/** Any AFI/SAFI pair as it appears on the wire. */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

export function familyOf(afi: number, safi: number): Family | undefined {
  if (safi !== SAFI_UNICAST) return undefined;
  if (afi === AFI_IPV4) return 'ipv4-unicast';
  if (afi === AFI_IPV6) return 'ipv6-unicast';
  return undefined;
}

export function afiSafiOf(family: Family): AfiSafi {
  return family === 'ipv4-unicast' ? IPV4_UNICAST : IPV6_UNICAST;
}

/** The IP version of a family's prefixes. */
export function ipFamilyOf(family: Family): 4 | 6 {
  return family === 'ipv4-unicast' ? 4 : 6;
}

const IPV4_UNICAST: AfiSafi = Object.freeze({ afi: AFI_IPV4, safi: SAFI_UNICAST });
const IPV6_UNICAST: AfiSafi = Object.freeze({ afi: AFI_IPV6, safi: SAFI_UNICAST });
