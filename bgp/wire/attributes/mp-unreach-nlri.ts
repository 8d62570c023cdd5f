/**
 * MP_UNREACH_NLRI, type 15, optional non-transitive (RFC 4760 §4): AFI (2), SAFI (1), Withdrawn Routes.
 * Empty withdrawn routes are that family's End-of-RIB marker (RFC 4724 §2).
 * RFC 7606 §5.3: unparsable withdrawn routes are AFI/SAFI disable.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { afiSafiOf, ipFamilyOf } from '../family.js';
import type { MpUnreachNlri } from '../model.js';
import { decodeNlri, encodeNlriList, NlriError } from '../nlri.js';
import { mpProblem, readFamily } from './mp-family.js';
import type { AttributeCodec } from './types.js';

export const mpUnreachNlri: AttributeCodec<'mpUnreach'> = {
  code: AttributeCode.MP_UNREACH_NLRI,
  name: 'MP_UNREACH_NLRI',
  flags: AttributeFlag.OPTIONAL,
  key: 'mpUnreach',
  malformed: 'afi-safi-disable',
  decode(value, ctx) {
    const { family, afiSafi } = readFamily(value);
    try {
      const withdrawnRoutes = decodeNlri(
        ipFamilyOf(family),
        value.bytes(value.remaining),
        ctx.addPath.includes(family),
      );
      return { family, withdrawnRoutes } as MpUnreachNlri;
    } catch (err) {
      if (err instanceof NlriError) throw mpProblem(err.message, 'afi-safi-disable', afiSafi);
      throw err;
    }
  },
  encode(value, w, ctx) {
    const { afi, safi } = afiSafiOf(value.family);
    w.u16(afi).u8(safi);
    encodeNlriList(value.withdrawnRoutes, w, ctx.addPath.includes(value.family));
  },
};
