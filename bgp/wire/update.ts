/**
 * Decoding UPDATE (RFC 4271 §4.3) with the error handling of RFC 4271 §6.3 as revised by RFC 7606.
 * Session resets are thrown as UpdateMessageError; everything else comes back as findings in the
 * report next to the message, so the session decides nothing here and loses no valid route.
 */
import { IPv4Address } from '../../common/index.js';
import { decodeAttributes } from './attributes/decode-attributes.js';
import { reconcileAs4 } from './attributes/as4.js';
import { isUnusableNextHop } from './attributes/next-hop.js';
import type { MutableAttributes, PathAttributes } from './attributes/types.js';
import { AttributeCode, AttributeFlag, HEADER_LENGTH, MIN_UPDATE_LENGTH } from './constants.js';
import type { CodecContext } from './context.js';
import { EMPTY_DATA, notification, UpdateMessageError } from './errors.js';
import { badMessageLength } from './header.js';
import type { UpdateLayout } from './layout.js';
import type { Nlri, UpdateMessage } from './model.js';
import { decodeIpv4Nlri, NlriError } from './nlri.js';
import { ErrorCode, UpdateSubcode } from './notification-codes.js';
import { buildReport, type UpdateReport } from './update-report.js';

export interface DecodedUpdate {
  readonly message: UpdateMessage;
  readonly report: UpdateReport;
  readonly layout: UpdateLayout;
}

export function decodeUpdate(frame: Buffer, ctx: CodecContext): DecodedUpdate {
  const length = frame.length;
  if (length < MIN_UPDATE_LENGTH) {
    throw badMessageLength(length, `an UPDATE message is at least ${MIN_UPDATE_LENGTH} octets`);
  }
  // RFC 4271 §6.3, unchanged by RFC 7606 §3 (b): lengths that overrun the message are fatal.
  const withdrawnLength = frame.readUInt16BE(HEADER_LENGTH);
  const attributesOffset = HEADER_LENGTH + 2 + withdrawnLength + 2;
  if (attributesOffset > length)
    throw malformedAttributeList(`Withdrawn Routes Length ${withdrawnLength} overruns the message`);
  const attributesLength = frame.readUInt16BE(attributesOffset - 2);
  const nlriOffset = attributesOffset + attributesLength;
  if (nlriOffset > length)
    throw malformedAttributeList(`Total Path Attribute Length ${attributesLength} overruns the message`);

  const addPath = ctx.addPath.includes('ipv4-unicast');
  const withdrawnRoutes = decodeField(
    frame.subarray(HEADER_LENGTH + 2, attributesOffset - 2),
    addPath,
    'Withdrawn Routes',
  );
  const nlri = decodeField(frame.subarray(nlriOffset), addPath, 'NLRI');
  const decoded = decodeAttributes(frame.subarray(attributesOffset, nlriOffset), ctx, nlri.length > 0);
  const attributes = decoded.attributes;
  const findings = decoded.findings;
  if (!ctx.fourOctetAs) reconcileAs4(attributes);

  const announces = nlri.length > 0 || (attributes.mpReach?.nlri.length ?? 0) > 0;
  checkFirstAs(attributes, ctx, findings);
  if (nlri.length > 0 && attributes.nextHop !== undefined && isUnusableNextHop(attributes.nextHop)) {
    findings.push(invalidNextHop(attributes.nextHop));
  }
  if (announces) {
    // RFC 7606 §3 (d); NEXT_HOP only with IPv4 NLRI (RFC 4760 §3 makes it optional otherwise).
    const required = [
      AttributeCode.ORIGIN,
      AttributeCode.AS_PATH,
      ...(nlri.length > 0 ? [AttributeCode.NEXT_HOP] : []),
    ];
    const present: Record<number, unknown> = {
      1: attributes.origin,
      2: attributes.asPath,
      3: attributes.nextHop,
    };
    for (const code of required) {
      if (present[code] === undefined && !findings.some((f) => f.attributeCode === code))
        findings.push(missing(code));
    }
  }
  const message: UpdateMessage = {
    type: 'update',
    withdrawnRoutes,
    attributes: pathAttributes(attributes),
    ...(attributes.mpReach === undefined ? {} : { mpReach: attributes.mpReach }),
    ...(attributes.mpUnreach === undefined ? {} : { mpUnreach: attributes.mpUnreach }),
    nlri,
  };
  return {
    message,
    report: buildReport(findings, message),
    layout: { kind: 'update', attributeOrder: decoded.order, extendedLength: decoded.extendedLength },
  };
}

/** RFC 7606 §5.3: an unparsable Withdrawn Routes or NLRI field is a session reset. */
function decodeField(bytes: Uint8Array, addPath: boolean, field: string): Nlri<4>[] {
  try {
    return decodeIpv4Nlri(bytes, addPath);
  } catch (err) {
    if (!(err instanceof NlriError)) throw err;
    throw new UpdateMessageError('INVALID_NETWORK_FIELD', `${field}: ${err.message}`, {
      treatment: 'session-reset',
      notification: notification(ErrorCode.UPDATE_MESSAGE_ERROR, UpdateSubcode.INVALID_NETWORK_FIELD),
    });
  }
}

/** RFC 4271 §6.3 (optional check, enabled by ctx.firstAs): the leftmost AS must be the peer's. */
function checkFirstAs(
  attributes: MutableAttributes,
  ctx: CodecContext,
  findings: UpdateMessageError[],
): void {
  if (ctx.firstAs === undefined || ctx.peerType !== 'external' || attributes.asPath === undefined) return;
  const first = attributes.asPath[0];
  if (first?.type === 'as-sequence' && first.asns[0] === ctx.firstAs) return;
  findings.push(
    new UpdateMessageError('MALFORMED_AS_PATH', `the leftmost AS is not the peer's AS ${ctx.firstAs}`, {
      treatment: 'treat-as-withdraw', // RFC 7606 §3 (e)
      notification: notification(ErrorCode.UPDATE_MESSAGE_ERROR, UpdateSubcode.MALFORMED_AS_PATH),
      attributeCode: AttributeCode.AS_PATH,
    }),
  );
}

function invalidNextHop(address: IPv4Address): UpdateMessageError {
  const data = Buffer.concat([
    Uint8Array.of(AttributeFlag.TRANSITIVE, AttributeCode.NEXT_HOP, 4),
    address.toBytes(),
  ]);
  return new UpdateMessageError(
    'INVALID_NEXT_HOP_ATTRIBUTE',
    `NEXT_HOP ${address} is not a unicast host address`,
    {
      treatment: 'treat-as-withdraw', // RFC 7606 §7.3
      notification: notification(
        ErrorCode.UPDATE_MESSAGE_ERROR,
        UpdateSubcode.INVALID_NEXT_HOP_ATTRIBUTE,
        data,
      ),
      attributeCode: AttributeCode.NEXT_HOP,
    },
  );
}

/** RFC 4271 §6.3: "the Data field MUST contain the Attribute Type Code of the missing ... attribute". */
function missing(code: number): UpdateMessageError {
  return new UpdateMessageError('MISSING_WELL_KNOWN_ATTRIBUTE', `well-known attribute ${code} is missing`, {
    treatment: 'treat-as-withdraw',
    notification: notification(
      ErrorCode.UPDATE_MESSAGE_ERROR,
      UpdateSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
      Uint8Array.of(code),
    ),
    attributeCode: code,
  });
}

function malformedAttributeList(message: string): UpdateMessageError {
  return new UpdateMessageError('MALFORMED_ATTRIBUTE_LIST', message, {
    treatment: 'session-reset',
    notification: notification(
      ErrorCode.UPDATE_MESSAGE_ERROR,
      UpdateSubcode.MALFORMED_ATTRIBUTE_LIST,
      EMPTY_DATA,
    ),
  });
}

/** The route attributes only, without undefined fields, so equal routes have equal objects. */
function pathAttributes(decoded: MutableAttributes): PathAttributes {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(decoded)) {
    if (
      value !== undefined &&
      key !== 'mpReach' &&
      key !== 'mpUnreach' &&
      key !== 'as4Path' &&
      key !== 'as4Aggregator'
    ) {
      out[key] = value;
    }
  }
  return out as PathAttributes;
}
