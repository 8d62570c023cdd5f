// Framing: a receive buffer holds whole netlink messages (struct nlmsghdr, then payload, each padded
// to 4 bytes). NLMSG_ERROR payloads (struct nlmsgerr) are decoded here too: they are how the kernel
// answers every request, with error 0 as the ACK.
import { NetlinkError } from '../errors.js';
import { Attributes } from './attributes.js';
import {
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLMSG_HDRLEN,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  nlmsgAlign,
} from './nl-constants.js';

export interface NetlinkMessage {
  readonly type: number;
  readonly flags: number;
  readonly seq: number;
  /** Port id: 0 from the kernel; for notifications, the port of the socket whose request caused them. */
  readonly pid: number;
  /** The bytes after the header (a view into the receive buffer). */
  readonly payload: Buffer;
}

export function decodeMessages(data: Buffer): NetlinkMessage[] {
  const messages: NetlinkMessage[] = [];
  let at = 0;
  while (at + NLMSG_HDRLEN <= data.length) {
    const length = data.readUInt32LE(at);
    if (length < NLMSG_HDRLEN || at + length > data.length) {
      throw new NetlinkError('MALFORMED', `netlink message at offset ${at} has bad length ${length}`, {
        details: { offset: at, length, available: data.length - at },
      });
    }
    messages.push({
      type: data.readUInt16LE(at + 4),
      flags: data.readUInt16LE(at + 6),
      seq: data.readUInt32LE(at + 8),
      pid: data.readUInt32LE(at + 12),
      payload: data.subarray(at + NLMSG_HDRLEN, at + length),
    });
    at += nlmsgAlign(length);
  }
  return messages;
}

export interface ExtendedAck {
  /** NLMSGERR_ATTR_MSG */
  readonly message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute within the request. */
  readonly offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: a required attribute that was missing. */
  readonly missingType?: number;
}

export interface NetlinkErrorMessage {
  /** 0 is an ACK; otherwise a positive errno (the wire carries it negated). */
  readonly errno: number;
  /** Header of the request this answers (seq identifies it). */
  readonly request: {
    readonly type: number;
    readonly flags: number;
    readonly seq: number;
    readonly pid: number;
  };
  readonly extAck: ExtendedAck;
}

export function decodeErrorMessage(message: NetlinkMessage): NetlinkErrorMessage {
  const p = message.payload;
  if (p.length < 4 + NLMSG_HDRLEN) {
    throw new NetlinkError('MALFORMED', `NLMSG_ERROR payload of ${p.length} bytes is too short`, {
      details: { length: p.length },
    });
  }
  const error = p.readInt32LE(0);
  const requestLength = p.readUInt32LE(4);
  const request = {
    type: p.readUInt16LE(8),
    flags: p.readUInt16LE(10),
    seq: p.readUInt32LE(12),
    pid: p.readUInt32LE(16),
  };
  let extAck: ExtendedAck = {};
  if ((message.flags & NLM_F_ACK_TLVS) !== 0) {
    // NLM_F_CAPPED (NETLINK_CAP_ACK, and always for error 0): only the request's header was echoed;
    // otherwise the whole request was. The TLVs follow the echo.
    const echoed = (message.flags & NLM_F_CAPPED) !== 0 ? NLMSG_HDRLEN : nlmsgAlign(requestLength);
    const tlvStart = 4 + Math.min(echoed, p.length - 4);
    const attrs = Attributes.parse(p, tlvStart);
    extAck = {
      ...(attrs.has(NLMSGERR_ATTR_MSG) ? { message: attrs.string(NLMSGERR_ATTR_MSG) } : {}),
      ...(attrs.has(NLMSGERR_ATTR_OFFS) ? { offset: attrs.u32(NLMSGERR_ATTR_OFFS) } : {}),
      ...(attrs.has(NLMSGERR_ATTR_MISS_TYPE) ? { missingType: attrs.u32(NLMSGERR_ATTR_MISS_TYPE) } : {}),
    };
  }
  return { errno: -error, request, extAck };
}

/** NLMSG_DONE carries an int: 0, or a negative errno when the dump itself failed. */
export function decodeDoneErrno(message: NetlinkMessage): number {
  return message.payload.length >= 4 ? -message.payload.readInt32LE(0) : 0;
}
