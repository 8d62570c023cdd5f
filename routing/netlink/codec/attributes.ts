// Reading netlink attributes (struct nlattr: u16 length, u16 type, payload, padding to 4 bytes).
import { IPv4Address, IPv6Address, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { NLA_HDRLEN, NLA_TYPE_MASK, nlmsgAlign } from './nl-constants.js';

/**
 * Attributes by type (flag bits masked off); a type repeated (arrays) keeps every occurrence. Payloads
 * are kept as offsets into the message and read in place: cutting a Buffer per attribute (subarray)
 * cost more than the rest of decoding a route, which matters at a million routes per dump.
 */
export class Attributes {
  /** type → [start, end, start, end, ...] of each occurrence's payload in `data`. */
  private readonly byType = new Map<number, number[]>();

  private constructor(private readonly data: Buffer) {}

  static parse(data: Buffer, offset = 0, end = data.length): Attributes {
    const attrs = new Attributes(data);
    let at = offset;
    while (at + NLA_HDRLEN <= end) {
      const length = data.readUInt16LE(at);
      const type = data.readUInt16LE(at + 2) & NLA_TYPE_MASK;
      if (length < NLA_HDRLEN || at + length > end) {
        throw new NetlinkError('MALFORMED', `attribute ${type} at offset ${at} has bad length ${length}`, {
          details: { offset: at, length, end },
        });
      }
      const spans = attrs.byType.get(type);
      if (spans === undefined) attrs.byType.set(type, [at + NLA_HDRLEN, at + length]);
      else spans.push(at + NLA_HDRLEN, at + length);
      at += nlmsgAlign(length);
    }
    return attrs;
  }

  has(type: number): boolean {
    return this.byType.has(type);
  }
  types(): number[] {
    return [...this.byType.keys()];
  }
  get(type: number): Buffer | undefined {
    const spans = this.byType.get(type);
    return spans === undefined ? undefined : this.data.subarray(spans[0], spans[1]);
  }
  all(type: number): Buffer[] {
    const spans = this.byType.get(type) ?? [];
    const out: Buffer[] = [];
    for (let i = 0; i < spans.length; i += 2) out.push(this.data.subarray(spans[i], spans[i + 1]));
    return out;
  }
  u8(type: number): number | undefined {
    const at = this.sized(type, 1);
    return at === undefined ? undefined : this.data.readUInt8(at);
  }
  u16(type: number): number | undefined {
    const at = this.sized(type, 2);
    return at === undefined ? undefined : this.data.readUInt16LE(at);
  }
  u16be(type: number): number | undefined {
    const at = this.sized(type, 2);
    return at === undefined ? undefined : this.data.readUInt16BE(at);
  }
  u32(type: number): number | undefined {
    const at = this.sized(type, 4);
    return at === undefined ? undefined : this.data.readUInt32LE(at);
  }
  u64(type: number): bigint | undefined {
    const at = this.sized(type, 8);
    return at === undefined ? undefined : this.data.readBigUInt64LE(at);
  }
  string(type: number): string | undefined {
    const spans = this.byType.get(type);
    if (spans === undefined) return undefined;
    const [start, end] = spans as [number, number];
    const nul = this.data.indexOf(0, start);
    return this.data.toString('utf8', start, nul === -1 || nul > end ? end : nul);
  }
  address(type: number): IpAddress | undefined {
    const spans = this.byType.get(type);
    if (spans === undefined) return undefined;
    const [start, end] = spans as [number, number];
    // An IPv4 address is read in place; IPv6 (and the error for a wrong length) from a cut.
    if (end - start === 4) return IPv4Address.fromNumber(this.data.readUInt32BE(start));
    return addressFromBytes(this.data.subarray(start, end), type);
  }
  nested(type: number): Attributes | undefined {
    const spans = this.byType.get(type);
    return spans === undefined ? undefined : Attributes.parse(this.data, spans[0], spans[1]);
  }

  /** Offset of the first occurrence's payload, after checking it holds `size` bytes. */
  private sized(type: number, size: number): number | undefined {
    const spans = this.byType.get(type);
    if (spans === undefined) return undefined;
    const [start, end] = spans as [number, number];
    if (end - start < size) {
      throw new NetlinkError('MALFORMED', `attribute ${type} has ${end - start} bytes, needs ${size}`, {
        details: { type, length: end - start, size },
      });
    }
    return start;
  }
}

export function addressFromBytes(b: Uint8Array, type = -1): IpAddress {
  if (b.length === 4) return IPv4Address.fromBytes(b);
  if (b.length === 16) return IPv6Address.fromBytes(b);
  throw new NetlinkError('MALFORMED', `attribute ${type}: ${b.length} bytes is not an IP address`, {
    details: { type, length: b.length },
  });
}

/** Lower-case colon-separated hex, as `ip -j` prints link-layer addresses. */
export function macToString(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

export function macFromString(text: string): Buffer {
  const parts = text.split(':');
  if (parts.length < 1 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new NetlinkError('INVALID_ARGUMENT', `not a link-layer address: ${JSON.stringify(text)}`, {
      details: { text },
    });
  }
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}
