/**
 * The decoded model of path attributes (RFC 4271 §5 and the RFCs that add attributes), and the
 * interface every attribute module implements. AS numbers are always full 4-octet values: on a session
 * without RFC 6793 the decoder has already merged AS4_PATH / AS4_AGGREGATOR back in (§4.2.3).
 */
import { TwillError, type IPv4Address, type Reader, type Writer } from '../../../common/index.js';
import type { CodecContext } from '../context.js';
import type { Treatment, WireErrorCode } from '../errors.js';
import type { AfiSafi } from '../family.js';
import type { MpReachNlri, MpUnreachNlri } from '../model.js';

/** RFC 4271 §5.1.1. */
export type Origin = 'igp' | 'egp' | 'incomplete';

/** RFC 4271 §4.3 (AS_SET, AS_SEQUENCE) and RFC 5065 §3 (AS_CONFED_SEQUENCE, AS_CONFED_SET). */
export type AsPathSegmentType = 'as-set' | 'as-sequence' | 'as-confed-sequence' | 'as-confed-set';

export interface AsPathSegment {
  readonly type: AsPathSegmentType;
  readonly asns: readonly number[];
}

/** RFC 4271 §5.1.7 (with RFC 6793's 4-octet AS). */
export interface Aggregator {
  readonly asn: number;
  readonly address: IPv4Address;
}

/** RFC 8092 §3. */
export interface LargeCommunity {
  readonly globalAdministrator: number;
  readonly localData1: number;
  readonly localData2: number;
}

/**
 * An optional transitive attribute this codec does not know. It is passed on unchanged except that the
 * encoder sets the Partial bit (RFC 4271 §5: "the Partial bit is set to 1 when passed along"); unknown
 * optional non-transitive attributes are dropped by the decoder and never get here.
 */
export interface UnknownAttribute {
  readonly code: number;
  readonly value: Buffer;
}

/** The attributes of a route: what the RIB stores (and interns). MP_REACH/MP_UNREACH are not here. */
export interface PathAttributes {
  readonly origin?: Origin;
  readonly asPath?: readonly AsPathSegment[];
  readonly nextHop?: IPv4Address;
  readonly multiExitDisc?: number;
  readonly localPref?: number;
  readonly atomicAggregate?: true;
  readonly aggregator?: Aggregator;
  /** RFC 1997: each community as its 32-bit value (high 16 bits AS, low 16 bits value). */
  readonly communities?: readonly number[];
  /** RFC 4456 §7. */
  readonly originatorId?: IPv4Address;
  /** RFC 4456 §7: CLUSTER_IDs, nearest first. */
  readonly clusterList?: readonly IPv4Address[];
  readonly largeCommunities?: readonly LargeCommunity[];
  readonly unknown?: readonly UnknownAttribute[];
}

/** Every attribute field while decoding, including the ones that become message fields or are merged. */
export interface DecodedAttributes extends PathAttributes {
  as4Path?: readonly AsPathSegment[];
  as4Aggregator?: Aggregator;
  mpReach?: MpReachNlri;
  mpUnreach?: MpUnreachNlri;
}

/** The same, writable, while the UPDATE decoder fills it in. */
export type MutableAttributes = { -readonly [K in keyof DecodedAttributes]?: DecodedAttributes[K] };

export type AttributeKey = Exclude<keyof DecodedAttributes, 'unknown'>;

/** An attribute as it appears on the wire, for error data (RFC 4271 §6.3) and unknown attributes. */
export interface RawAttribute {
  readonly flags: number;
  readonly code: number;
  /** The whole attribute: flags, type, length and value. */
  readonly bytes: Buffer;
  readonly value: Reader;
}

/**
 * One path attribute's module: type code, RFC name, the Optional/Transitive flags it must carry, the
 * field of the model it fills, and the RFC 7606 treatment when it is malformed.
 */
export interface AttributeCodec<K extends AttributeKey = AttributeKey> {
  readonly code: number;
  readonly name: string;
  readonly flags: number;
  readonly key: K;
  readonly malformed: Treatment;
  /** Reads the whole value (the reader is bounded by the Attribute Length); throws AttributeProblem. */
  decode(value: Reader, ctx: CodecContext): NonNullable<DecodedAttributes[K]>;
  /** Writes the value only; the caller writes flags, type and length. */
  encode(value: NonNullable<DecodedAttributes[K]>, w: Writer, ctx: CodecContext): void;
}

/**
 * Thrown by attribute decoders. The UPDATE decoder turns it into an UpdateMessageError whose data is
 * the whole attribute and whose treatment is the attribute's `malformed` unless given here.
 */
export class AttributeProblem extends TwillError<WireErrorCode> {
  constructor(
    code: WireErrorCode,
    readonly subcode: number,
    message: string,
    readonly treatment?: Treatment,
    readonly afiSafi?: AfiSafi,
  ) {
    super(code, message);
  }
}
