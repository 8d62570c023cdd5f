/**
 * Decodes the Path Attributes field of an UPDATE into the model, classifying every problem by RFC 7606:
 * flags (§3 c), duplicates (§3 g), lengths and overruns (§4), each attribute's own rules (§7), unknown
 * attributes (RFC 4271 §5). Non-fatal problems become findings; a session reset is thrown.
 */
import { isTwillError, Reader } from '../../../common/index.js';
import { AttributeCode, AttributeFlag } from '../constants.js';
import type { CodecContext } from '../context.js';
import { notification, UpdateMessageError, type Treatment, type WireErrorCode } from '../errors.js';
import { ErrorCode, UpdateSubcode } from '../notification-codes.js';
import { attributeCodec, type AnyAttributeCodec } from './registry.js';
import { AttributeProblem, type MutableAttributes, type UnknownAttribute } from './types.js';

const FLAG_BITS = AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE;

export interface AttributesResult {
  readonly attributes: MutableAttributes;
  readonly findings: UpdateMessageError[];
  readonly order: number[];
  readonly extendedLength: number[];
}

export function decodeAttributes(
  area: Uint8Array,
  ctx: CodecContext,
  hasIpv4Nlri: boolean,
): AttributesResult {
  const attributes: Record<string, unknown> & { unknown?: UnknownAttribute[] } = {};
  const findings: UpdateMessageError[] = [];
  const order: number[] = [];
  const extendedLength: number[] = [];
  const seen = new Set<number>();
  const r = new Reader(area);
  while (!r.isAtEnd()) {
    const start = r.position;
    // RFC 7606 §4: fewer octets than a header, or a length past the field, is an overrun.
    if (r.remaining < 3) {
      findings.push(overrun(r.remaining >= 2 ? area[start + 1] : undefined, true));
      break;
    }
    const flags = r.u8();
    const code = r.u8();
    const extended = (flags & AttributeFlag.EXTENDED_LENGTH) !== 0;
    if (extended && r.remaining < 2) {
      findings.push(overrun(code, true));
      break;
    }
    const length = extended ? r.u16() : r.u8();
    if (length > r.remaining) {
      findings.push(overrun(code, false));
      break;
    }
    r.skip(length);
    const bytes = Buffer.from(area.subarray(start, r.position));
    const raw = { flags, code, bytes, value: new Reader(bytes, bytes.length - length, length) };
    if (seen.has(raw.code)) {
      findings.push(duplicate(raw.code));
      continue;
    }
    seen.add(raw.code);
    order.push(raw.code);
    if (extended && length < 256) extendedLength.push(raw.code);
    const codec = attributeCodec(raw.code);
    if (codec === undefined) {
      decodeUnknown(raw, attributes);
      continue;
    }
    const finding = decodeKnown(codec, raw, ctx, hasIpv4Nlri, attributes);
    if (finding !== undefined) findings.push(finding);
  }
  return { attributes: attributes as MutableAttributes, findings, order, extendedLength };
}

interface Raw {
  readonly flags: number;
  readonly code: number;
  readonly bytes: Buffer;
  readonly value: Reader;
}

function decodeUnknown(raw: Raw, attributes: { unknown?: UnknownAttribute[] }): void {
  if ((raw.flags & AttributeFlag.OPTIONAL) === 0) {
    throw finding(
      'UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE',
      UpdateSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
      'session-reset',
      raw,
      `unrecognized well-known attribute ${raw.code}`,
    );
  }
  // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.
  if ((raw.flags & AttributeFlag.TRANSITIVE) === 0) return;
  (attributes.unknown ??= []).push({ code: raw.code, value: raw.value.bytes(raw.value.remaining) });
}

function decodeKnown(
  codec: AnyAttributeCodec,
  raw: Raw,
  ctx: CodecContext,
  hasIpv4Nlri: boolean,
  attributes: Record<string, unknown>,
): UpdateMessageError | undefined {
  const isMp = codec.code === AttributeCode.MP_REACH_NLRI || codec.code === AttributeCode.MP_UNREACH_NLRI;
  let flagsFinding: UpdateMessageError | undefined;
  if ((raw.flags & FLAG_BITS) !== codec.flags) {
    const treatment = codec.malformed === 'attribute-discard' ? 'attribute-discard' : 'treat-as-withdraw';
    flagsFinding = finding(
      'ATTRIBUTE_FLAGS_ERROR',
      UpdateSubcode.ATTRIBUTE_FLAGS_ERROR,
      treatment,
      raw,
      `${codec.name} has flags 0x${raw.flags.toString(16)}`,
    );
    // The MP attributes are still decoded: treat-as-withdraw needs their NLRI (RFC 7606 §5).
    if (!isMp) return flagsFinding;
  }
  if (codec.code === AttributeCode.LOCAL_PREF && ctx.peerType === 'external') {
    return finding(
      'LOCAL_PREF_FROM_EXTERNAL_PEER',
      UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
      'attribute-discard',
      raw,
      'LOCAL_PREF from an external peer (RFC 7606 §7.5)',
    );
  }
  if (
    (codec.code === AttributeCode.AS4_PATH || codec.code === AttributeCode.AS4_AGGREGATOR) &&
    ctx.fourOctetAs
  ) {
    return finding(
      'AS4_ATTRIBUTE_FROM_NEW_SPEAKER',
      UpdateSubcode.OPTIONAL_ATTRIBUTE_ERROR,
      'attribute-discard',
      raw,
      `${codec.name} from a 4-octet AS speaker (RFC 6793 §3)`,
    );
  }
  try {
    const value = (codec.decode as (v: Reader, c: CodecContext) => unknown)(raw.value, ctx);
    if (!raw.value.isAtEnd()) {
      throw new AttributeProblem(
        'ATTRIBUTE_LENGTH_ERROR',
        UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
        `${raw.value.remaining} octets left over`,
      );
    }
    attributes[codec.key] = value;
    return flagsFinding;
  } catch (err) {
    if (!isTwillError(err)) throw err;
    const problem = err instanceof AttributeProblem ? err : undefined;
    let treatment: Treatment = problem?.treatment ?? codec.malformed;
    // RFC 7606 §5.2: without IPv4 NLRI the NEXT_HOP attribute is ignored, so a bad one is just dropped.
    if (codec.code === AttributeCode.NEXT_HOP && !hasIpv4Nlri) treatment = 'attribute-discard';
    const error = finding(
      problem?.code ?? 'ATTRIBUTE_LENGTH_ERROR',
      problem?.subcode ?? UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
      treatment,
      raw,
      `${codec.name}: ${err.message}`,
      problem?.afiSafi,
    );
    if (treatment === 'session-reset') throw error;
    return error;
  }
}

function finding(
  code: WireErrorCode,
  subcode: number,
  treatment: Treatment,
  raw: Raw,
  message: string,
  afiSafi?: { afi: number; safi: number },
): UpdateMessageError {
  return new UpdateMessageError(code, message, {
    treatment,
    // RFC 4271 §6.3: the Data field carries the erroneous attribute (type, length and value).
    notification: notification(ErrorCode.UPDATE_MESSAGE_ERROR, subcode, raw.bytes),
    attributeCode: raw.code,
    ...(afiSafi === undefined ? {} : { afiSafi }),
  });
}

/**
 * RFC 7606 §4: an attribute overrunning the Path Attributes field is treat-as-withdraw, with the NLRI
 * found through Total Path Attribute Length. That needs every MP attribute to have been parsed: if the
 * broken attribute is (or may be) MP_REACH_NLRI / MP_UNREACH_NLRI, its routes cannot be found and the
 * session is reset. Attributes after the broken one are not MP attributes: RFC 7606 §5.1 puts those first.
 */
function overrun(code: number | undefined, headerTruncated: boolean): UpdateMessageError {
  const mayBeMp =
    code === undefined || code === AttributeCode.MP_REACH_NLRI || code === AttributeCode.MP_UNREACH_NLRI;
  const where = headerTruncated
    ? 'an attribute header is truncated'
    : `attribute ${code} overruns the Path Attributes field`;
  const error = new UpdateMessageError('MALFORMED_ATTRIBUTE_LIST', where, {
    treatment: mayBeMp ? 'session-reset' : 'treat-as-withdraw',
    notification: notification(ErrorCode.UPDATE_MESSAGE_ERROR, UpdateSubcode.MALFORMED_ATTRIBUTE_LIST),
    ...(code === undefined ? {} : { attributeCode: code }),
  });
  if (mayBeMp) throw error;
  return error;
}

/** RFC 7606 §3 (g): a repeated MP attribute resets the session; any other repeat is discarded. */
function duplicate(code: number): UpdateMessageError {
  const isMp = code === AttributeCode.MP_REACH_NLRI || code === AttributeCode.MP_UNREACH_NLRI;
  const error = new UpdateMessageError(
    isMp ? 'MALFORMED_ATTRIBUTE_LIST' : 'DUPLICATE_ATTRIBUTE',
    `attribute ${code} appears more than once`,
    {
      treatment: isMp ? 'session-reset' : 'attribute-discard',
      notification: notification(ErrorCode.UPDATE_MESSAGE_ERROR, UpdateSubcode.MALFORMED_ATTRIBUTE_LIST),
      attributeCode: code,
    },
  );
  if (isMp) throw error;
  return error;
}
