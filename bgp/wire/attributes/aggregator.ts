/**
 * AGGREGATOR, type 7, optional transitive (RFC 4271 §5.1.7): 6 octets, or 8 with RFC 6793.
 * RFC 7606 §7.7: a wrong length (or AS 0, RFC 7607) is attribute discard.
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { decodeAggregator, encodeAggregator } from './aggregator-value.js';
import type { AttributeCodec } from './types.js';

export const aggregator: AttributeCodec<'aggregator'> = {
  code: AttributeCode.AGGREGATOR,
  name: 'AGGREGATOR',
  flags: AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE,
  key: 'aggregator',
  malformed: 'attribute-discard',
  decode(value, ctx) {
    return decodeAggregator(value, ctx.fourOctetAs ? 4 : 2);
  },
  encode(value, w, ctx) {
    encodeAggregator(value, w, ctx.fourOctetAs ? 4 : 2);
  },
};
