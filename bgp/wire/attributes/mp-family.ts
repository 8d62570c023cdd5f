/** Shared by MP_REACH_NLRI and MP_UNREACH_NLRI: reading AFI/SAFI and classifying their errors. */
import type { Reader } from '../../../common/index.js';
import type { Treatment, WireErrorCode } from '../errors.js';
import { familyOf, type AfiSafi, type Family } from '../family.js';
import { UpdateSubcode } from '../notification-codes.js';
import { AttributeProblem } from './types.js';

/**
 * AFI (2) and SAFI (1). Too short to name a family: session reset, since no family can be disabled
 * (RFC 7606 §7.11). A family this codec does not decode: the attribute is discarded and the session
 * ignores it, as for any family it did not negotiate.
 */
export function readFamily(value: Reader): { family: Family; afiSafi: AfiSafi } {
  if (value.length < 3) throw mpProblem('too short to hold AFI and SAFI', 'session-reset');
  const afiSafi = { afi: value.u16(), safi: value.u8() };
  const family = familyOf(afiSafi.afi, afiSafi.safi);
  if (family === undefined) {
    throw mpProblem(
      `AFI ${afiSafi.afi} SAFI ${afiSafi.safi}, which this speaker does not support`,
      'attribute-discard',
      afiSafi,
      'UNSUPPORTED_ADDRESS_FAMILY',
    );
  }
  return { family, afiSafi };
}

/** RFC 4760 §7: errors in these attributes are "UPDATE Message Error / Optional Attribute Error". */
export function mpProblem(
  message: string,
  treatment: Treatment,
  afiSafi?: AfiSafi,
  code: WireErrorCode = 'OPTIONAL_ATTRIBUTE_ERROR',
): AttributeProblem {
  return new AttributeProblem(code, UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR, message, treatment, afiSafi);
}
