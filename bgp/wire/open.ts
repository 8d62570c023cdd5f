/**
 * OPEN (RFC 4271 §4.2) with Capabilities optional parameters (RFC 5492 §4) in the regular or the RFC 9072
 * extended encoding. Errors are RFC 4271 §6.2 OPEN Message Errors, all a session reset; a recognized but
 * malformed parameter or capability is "Unspecific" (subcode 0) as §6.2 says.
 */
import { IPv4Address, Reader, isTwillError, Writer } from '../../common/index.js';
import { decodeCapability, encodeCapability } from './capabilities/registry.js';
import type { Capability } from './capabilities/types.js';
import {
  BGP_VERSION,
  HEADER_LENGTH,
  MAX_MESSAGE_LENGTH,
  MIN_OPEN_LENGTH,
  MessageType,
  PARAMETER_CAPABILITIES,
  PARAMETER_EXTENDED_LENGTH,
} from './constants.js';
import { notification, OpenMessageError, WireEncodeError, type WireErrorCode } from './errors.js';
import { badMessageLength } from './header.js';
import type { OpenLayout } from './layout.js';
import type { OpenMessage } from './model.js';
import { ErrorCode, OpenSubcode } from './notification-codes.js';
import { parseOpenFixed } from './parsers.js';
import { beginMessage, endMessage } from './message-writer.js';

export interface DecodedOpen {
  readonly message: OpenMessage;
  readonly layout: OpenLayout;
}

export function decodeOpen(frame: Buffer): DecodedOpen {
  if (frame.length < MIN_OPEN_LENGTH) {
    throw badMessageLength(frame.length, `an OPEN message is at least ${MIN_OPEN_LENGTH} octets`);
  }
  const fixed = parseOpenFixed(frame.subarray(HEADER_LENGTH, MIN_OPEN_LENGTH));
  if (fixed.version !== BGP_VERSION) {
    const data = Buffer.alloc(2);
    data.writeUInt16BE(BGP_VERSION); // §6.2: the largest locally supported version
    throw openError(
      'UNSUPPORTED_VERSION_NUMBER',
      OpenSubcode.UNSUPPORTED_VERSION_NUMBER,
      `version ${fixed.version}`,
      data,
    );
  }
  const { capabilities, layout } = decodeParameters(frame, fixed.optParmLen);
  // RFC 4271 §6.2: Hold Time 1 or 2 MUST be rejected.
  if (fixed.holdTimeSec === 1 || fixed.holdTimeSec === 2) {
    throw openError(
      'UNACCEPTABLE_HOLD_TIME',
      OpenSubcode.UNACCEPTABLE_HOLD_TIME,
      `Hold Time ${fixed.holdTimeSec}`,
    );
  }
  // RFC 6286 §2.2: the BGP Identifier is a non-zero 4-octet number.
  if (fixed.bgpIdentifier === 0) {
    throw openError('BAD_BGP_IDENTIFIER', OpenSubcode.BAD_BGP_IDENTIFIER, 'BGP Identifier 0.0.0.0');
  }
  // RFC 7607 §2: AS 0 in My Autonomous System or in the 4-octet AS capability is Bad Peer AS.
  const fourOctet = capabilities.find((c) => c.name === 'four-octet-as');
  if (fixed.myAs === 0 || fourOctet?.asn === 0) {
    throw openError('BAD_PEER_AS', OpenSubcode.BAD_PEER_AS, 'AS 0');
  }
  const message: OpenMessage = {
    type: 'open',
    version: fixed.version,
    myAs: fixed.myAs,
    holdTimeSec: fixed.holdTimeSec,
    bgpIdentifier: IPv4Address.fromNumber(fixed.bgpIdentifier),
    capabilities,
  };
  return { message, layout };
}

/** The speaker's AS: from the 4-octet AS capability if present (RFC 6793 §3), else My Autonomous System. */
export function openAs(open: OpenMessage): number {
  for (const c of open.capabilities) if (c.name === 'four-octet-as') return c.asn;
  return open.myAs;
}

function decodeParameters(
  frame: Buffer,
  optParmLen: number,
): { capabilities: Capability[]; layout: OpenLayout } {
  const r = new Reader(frame, MIN_OPEN_LENGTH);
  // RFC 9072 §2: a non-zero length followed by parameter type 255 announces the extended encoding.
  const extended = optParmLen !== 0 && r.remaining > 0 && r.peekU8() === PARAMETER_EXTENDED_LENGTH;
  let declared = optParmLen;
  if (extended) {
    if (r.remaining < 3) throw malformed('the extended Optional Parameters header is truncated');
    r.skip(1);
    declared = r.u16();
  }
  if (declared !== r.remaining) {
    throw malformed(`Optional Parameters Length ${declared} but ${r.remaining} octets follow`);
  }
  const capabilities: Capability[] = [];
  const groups: number[] = [];
  while (!r.isAtEnd()) {
    if (r.remaining < (extended ? 3 : 2)) throw malformed('an optional parameter header is truncated');
    const type = r.u8();
    const length = extended ? r.u16() : r.u8();
    if (length > r.remaining) throw malformed(`optional parameter ${type} overruns the message`);
    const value = r.slice(length);
    if (type !== PARAMETER_CAPABILITIES) {
      throw openError(
        'UNSUPPORTED_OPTIONAL_PARAMETER',
        OpenSubcode.UNSUPPORTED_OPTIONAL_PARAMETER,
        `parameter type ${type}`,
      );
    }
    groups.push(decodeCapabilities(value, capabilities));
  }
  return { capabilities, layout: { kind: 'open', extendedParameters: extended, capabilityGroups: groups } };
}

/** RFC 5492 §4: Capability Code (1), Capability Length (1), Capability Value. Returns how many. */
function decodeCapabilities(r: Reader, out: Capability[]): number {
  let count = 0;
  while (!r.isAtEnd()) {
    if (r.remaining < 2) throw malformed('a capability header is truncated');
    const code = r.u8();
    const length = r.u8();
    if (length > r.remaining) throw malformed(`capability ${code} overruns its optional parameter`);
    try {
      out.push(decodeCapability(code, r.slice(length)));
    } catch (err) {
      if (isTwillError(err)) throw malformed(`capability ${code}: ${err.message}`, 'MALFORMED_CAPABILITY');
      throw err;
    }
    count++;
  }
  return count;
}

function malformed(message: string, code: WireErrorCode = 'MALFORMED_OPTIONAL_PARAMETERS'): OpenMessageError {
  return openError(code, OpenSubcode.UNSPECIFIC, message);
}

function openError(
  code: WireErrorCode,
  subcode: number,
  message: string,
  data?: Uint8Array,
): OpenMessageError {
  return new OpenMessageError(code, `OPEN: ${message}`, {
    treatment: 'session-reset',
    notification: notification(ErrorCode.OPEN_MESSAGE_ERROR, subcode, data),
  });
}

/**
 * Canonical form: all capabilities in one Capabilities parameter (RFC 5492 allows one or several), the
 * regular encoding unless the parameters need more than 255 octets (RFC 9072 §2), no parameter at all
 * without capabilities. A layout from the decoder reproduces the original grouping and encoding.
 */
export function encodeOpen(message: OpenMessage, layout?: OpenLayout): Buffer {
  if (message.myAs > 0xffff) {
    throw new WireEncodeError(
      'INVALID_MESSAGE',
      `My Autonomous System ${message.myAs} needs AS_TRANS (RFC 6793)`,
    );
  }
  const params = encodeParameterValues(message.capabilities, layout);
  const regularLength = params.reduce((sum, p) => sum + 2 + p.length, 0);
  const extended =
    (layout?.extendedParameters ?? false) || regularLength > 255 || params.some((p) => p.length > 255);
  const w = new Writer(64);
  const header = beginMessage(w, MessageType.OPEN);
  w.u8(message.version).u16(message.myAs).u16(message.holdTimeSec).u32(message.bgpIdentifier.value);
  if (extended) {
    w.u8(255).u8(PARAMETER_EXTENDED_LENGTH);
    const total = w.beginLength(2);
    for (const p of params) w.u8(PARAMETER_CAPABILITIES).u16(p.length).bytes(p);
    w.endLength(total);
  } else {
    w.u8(regularLength);
    for (const p of params) w.u8(PARAMETER_CAPABILITIES).u8(p.length).bytes(p);
  }
  return endMessage(w, header, MAX_MESSAGE_LENGTH);
}

function encodeParameterValues(
  capabilities: readonly Capability[],
  layout: OpenLayout | undefined,
): Buffer[] {
  const groups = groupSizes(capabilities.length, layout);
  const params: Buffer[] = [];
  let next = 0;
  for (const size of groups) {
    const w = new Writer(64);
    for (const c of capabilities.slice(next, next + size)) encodeCapability(c, w);
    next += size;
    params.push(w.toBuffer());
  }
  return params;
}

/** The layout's grouping if it fits these capabilities, else one group with all of them. */
function groupSizes(count: number, layout: OpenLayout | undefined): readonly number[] {
  const groups = layout?.capabilityGroups;
  if (groups !== undefined && groups.reduce((a, b) => a + b, 0) === count) return groups;
  return count === 0 ? [] : [count];
}
