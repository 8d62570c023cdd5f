/** Byte builders for tests: frames and attributes written out by hand, the way an RFC figure reads. */
import { IPv4Address, Prefix } from '../../../common/index.js';
import { codecContext, type CodecContext } from '../context.js';
import { decodeMessage, type DecodeResult } from '../decode.js';
import type { Nlri } from '../model.js';

/** Bytes from hex with any whitespace. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

/** A whole message: marker, Length, Type, body. */
export function frame(type: number, body: Uint8Array = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(19, 0xff);
  header.writeUInt16BE(19 + body.length, 16);
  header[18] = type;
  return Buffer.concat([header, body]);
}

/** One path attribute; the Extended Length bit in `flags` picks a 2-octet length. */
export function attribute(flags: number, code: number, value: Uint8Array | string = ''): Buffer {
  const v = typeof value === 'string' ? hex(value) : Buffer.from(value);
  const extended = (flags & 0x10) !== 0;
  const head = Buffer.alloc(extended ? 4 : 3);
  head[0] = flags;
  head[1] = code;
  if (extended) head.writeUInt16BE(v.length, 2);
  else head[2] = v.length;
  return Buffer.concat([head, v]);
}

/** An UPDATE from its three fields (RFC 4271 §4.3), lengths computed. */
export function updateFrame(parts: {
  withdrawn?: Uint8Array;
  attributes?: readonly Uint8Array[];
  nlri?: Uint8Array;
}): Buffer {
  const withdrawn = Buffer.from(parts.withdrawn ?? []);
  const attributes = Buffer.concat((parts.attributes ?? []).map((a) => Buffer.from(a)));
  const lengths = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    return b;
  };
  return frame(
    2,
    Buffer.concat([
      lengths(withdrawn.length),
      withdrawn,
      lengths(attributes.length),
      attributes,
      Buffer.from(parts.nlri ?? []),
    ]),
  );
}

/** ORIGIN IGP, AS_PATH (4-octet) with one sequence, NEXT_HOP: the mandatory attributes of an IPv4 route. */
export function mandatory(asns: readonly number[] = [65001], nextHop = '10.0.0.1'): Buffer[] {
  const path = Buffer.alloc(2 + 4 * asns.length);
  path[0] = 2;
  path[1] = asns.length;
  asns.forEach((asn, i) => path.writeUInt32BE(asn, 2 + 4 * i));
  return [
    attribute(0x40, 1, '00'),
    attribute(0x40, 2, path),
    attribute(0x40, 3, IPv4Address.parse(nextHop).toBytes()),
  ];
}

/** NLRI bytes for IPv4 prefixes like "10.0.0.0/8". */
export function ipv4Nlri(...prefixes: string[]): Buffer {
  return Buffer.concat(
    prefixes.map((text) => {
      const [address = '', length = '0'] = text.split('/');
      const prefix = Prefix.containing(IPv4Address.parse(address), Number(length));
      return Buffer.concat([Uint8Array.of(prefix.length), prefix.significantBytes()]);
    }),
  );
}

export function nlri4(text: string, pathId?: number): Nlri<4> {
  const [address = '', length = '0'] = text.split('/');
  const prefix = Prefix.of(IPv4Address.parse(address), Number(length));
  return pathId === undefined ? { prefix } : { prefix, pathId };
}

/** A 4-octet-AS eBGP context, the common case in Twill's fabric. */
export const CTX4: CodecContext = codecContext({ fourOctetAs: true });
export const CTX2: CodecContext = codecContext({ fourOctetAs: false });
export const IBGP4: CodecContext = codecContext({ fourOctetAs: true, peerType: 'internal' });

/** Decodes and asserts success, for tests that are about the content. */
export function decodeOk(bytes: Uint8Array, ctx: CodecContext = CTX4): DecodeResult & { ok: true } {
  const result = decodeMessage(bytes, ctx);
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result;
}
