/**
 * MP_REACH_NLRI, type 14, optional non-transitive (RFC 4760 §3): AFI (2), SAFI (1), Length of Next Hop
 * (1), Next Hop, Reserved (1), NLRI. IPv6 next hops are 16 octets or 32 with a link-local second
 * (RFC 2545 §3); IPv4 NLRI may have an IPv6 next hop when RFC 8950 is negotiated. NLRI carry Path
 * Identifiers when ADD-PATH is negotiated for the family (RFC 7911 §3).
 *
 * RFC 7606 §7.11 / §5.3: an inconsistent next hop length or unparsable NLRI is AFI/SAFI disable.
 */
import { IPv4Address, IPv6Address, type Reader } from '../../../common/index.js';
import { AttributeFlag, AttributeCode } from '../constants.js';
import type { CodecContext } from '../context.js';
import { WireEncodeError } from '../errors.js';
import { afiSafiOf, ipFamilyOf, type Family } from '../family.js';
import type { MpReachNlri } from '../model.js';
import { decodeNlri, encodeNlriList, NlriError } from '../nlri.js';
import { mpProblem, readFamily } from './mp-family.js';
import type { AttributeCodec } from './types.js';

export const mpReachNlri: AttributeCodec<'mpReach'> = {
  code: AttributeCode.MP_REACH_NLRI,
  name: 'MP_REACH_NLRI',
  flags: AttributeFlag.OPTIONAL,
  key: 'mpReach',
  malformed: 'afi-safi-disable',
  decode(value, ctx) {
    const { family, afiSafi } = readFamily(value);
    const disable = (message: string) => mpProblem(message, 'afi-safi-disable', afiSafi);
    if (value.remaining < 1) throw disable('no Length of Next Hop');
    const nextHopLength = value.u8();
    if (!nextHopLengths(family, ctx).includes(nextHopLength))
      throw disable(`next hop length ${nextHopLength}`);
    if (value.remaining < nextHopLength + 1) throw disable('the next hop overruns the attribute');
    const { nextHop, linkLocalNextHop } = readNextHop(value, nextHopLength);
    value.skip(1); // Reserved: "MUST be set to 0, and SHOULD be ignored upon receipt"
    let nlri;
    try {
      nlri = decodeNlri(ipFamilyOf(family), value.bytes(value.remaining), ctx.addPath.includes(family));
    } catch (err) {
      if (err instanceof NlriError) throw disable(err.message);
      throw err;
    }
    return (
      linkLocalNextHop === undefined ? { family, nextHop, nlri } : { family, nextHop, linkLocalNextHop, nlri }
    ) as MpReachNlri;
  },
  encode(value, w, ctx) {
    const { afi, safi } = afiSafiOf(value.family);
    const nextHopLength = (value.nextHop.family === 4 ? 4 : 16) + (value.linkLocalNextHop ? 16 : 0);
    if (!nextHopLengths(value.family, ctx).includes(nextHopLength)) {
      throw new WireEncodeError(
        'INVALID_MESSAGE',
        `a ${nextHopLength}-octet next hop is not valid for ${value.family} on this session`,
      );
    }
    w.u16(afi).u8(safi).u8(nextHopLength).bytes(value.nextHop.toBytes());
    if (value.linkLocalNextHop) w.bytes(value.linkLocalNextHop.toBytes());
    w.u8(0);
    encodeNlriList(value.nlri, w, ctx.addPath.includes(value.family));
  },
};

function nextHopLengths(family: Family, ctx: CodecContext): readonly number[] {
  if (family === 'ipv6-unicast') return [16, 32];
  return ctx.extendedNextHop.includes(family) ? [4, 16, 32] : [4];
}

function readNextHop(value: Reader, length: number): Pick<MpReachNlri, 'nextHop' | 'linkLocalNextHop'> {
  if (length === 4) return { nextHop: IPv4Address.fromNumber(value.u32()) };
  const nextHop = IPv6Address.fromBytes(value.bytes(16));
  const linkLocalNextHop = length === 32 ? IPv6Address.fromBytes(value.bytes(16)) : undefined;
  return { nextHop, linkLocalNextHop };
}
