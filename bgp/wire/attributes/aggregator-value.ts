/** The AGGREGATOR value (RFC 4271 §5.1.7, RFC 6793 §3): AS (2 or 4 octets) and an IPv4 address. */
import { IPv4Address, type Reader, type Writer } from '../../../common/index.js';
import { AS_TRANS } from '../constants.js';
import { UpdateSubcode } from '../notification-codes.js';
import { expectLength } from './checks.js';
import { AttributeProblem, type Aggregator } from './types.js';

export function decodeAggregator(value: Reader, asnOctets: 2 | 4): Aggregator {
  expectLength(value, asnOctets + 4);
  const asn = asnOctets === 4 ? value.u32() : value.u16();
  // RFC 7607 §2: AS 0 here makes the attribute malformed.
  if (asn === 0)
    throw new AttributeProblem('OPTIONAL_ATTRIBUTE_ERROR', UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR, 'AS 0');
  return { asn, address: IPv4Address.fromNumber(value.u32()) };
}

export function encodeAggregator(value: Aggregator, w: Writer, asnOctets: 2 | 4): void {
  if (asnOctets === 4) w.u32(value.asn);
  else w.u16(value.asn > 0xffff ? AS_TRANS : value.asn);
  w.u32(value.address.value);
}
