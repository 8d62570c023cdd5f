/**
 * AS4_AGGREGATOR, type 18, optional transitive (RFC 6793 §3): AGGREGATOR with a 4-octet AS, sent to OLD
 * speakers when the aggregator's AS needs 4 octets. RFC 6793 §6: a length other than 8 is attribute
 * discard (and AS 0, RFC 7607).
 */
import { AttributeFlag, AttributeCode } from '../constants.js';
import { decodeAggregator, encodeAggregator } from './aggregator-value.js';
import type { AttributeCodec } from './types.js';

export const as4Aggregator: AttributeCodec<'as4Aggregator'> = {
  code: AttributeCode.AS4_AGGREGATOR,
  name: 'AS4_AGGREGATOR',
  flags: AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE,
  key: 'as4Aggregator',
  malformed: 'attribute-discard',
  decode(value) {
    return decodeAggregator(value, 4);
  },
  encode(value, w) {
    encodeAggregator(value, w, 4);
  },
};
