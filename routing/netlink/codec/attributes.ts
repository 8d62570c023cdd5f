// Reading netlink attributes (struct nlattr: u16 length, u16 type, payload, padding to 4 bytes).
import { IPv4Address, IPv6Address, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { NLA_HDRLEN, NLA_TYPE_MASK, nlmsgAlign } from './nl-constants.js';

/** Attributes by type (flag bits masked off); a type repeated (arrays) keeps every occurrence. */
export class Attributes {
  private readonly byType = new Map<number, Buffer[]>();

  static parse(data: Buffer, offset = 0, end = data.length): Attributes {
    const attrs = new Attributes();
    let at = offset;
    while (at + NLA_HDRLEN <= end) {
      const length = data.readUInt16LE(at);
      const type = data.readUInt16LE(at + 2) & NLA_TYPE_MASK;
      if (length < NLA_HDRLEN || at + length > end) {
        throw new NetlinkError('MALFORMED', `attribute ${type} at offset ${at} has bad length ${length}`, {
          details: { offset: at, length, end },
        });
      }
      const payload = data.subarray(at + NLA_HDRLEN, at + length);
      const list = attrs.byType.get(type);
      if (list === undefined) attrs.byType.set(type, [payload]);
      else list.push(payload);
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
    return this.byType.get(type)?.[0];
  }
  all(type: number): Buffer[] {
    return this.byType.get(type) ?? [];
  }
  u8(type: number): number | undefined {
    return this.sized(type, 1)?.readUInt8(0);
  }
  u16(type: number): number | undefined {
    return this.sized(type, 2)?.readUInt16LE(0);
  }
  u16be(type: number): number | undefined {
    return this.sized(type, 2)?.readUInt16BE(0);
  }
  u32(type: number): number | undefined {
    return this.sized(type, 4)?.readUInt32LE(0);
  }
  u64(type: number): bigint | undefined {
    return this.sized(type, 8)?.readBigUInt64LE(0);
  }
  string(type: number): string | undefined {
    const b = this.get(type);
    if (b === undefined) return undefined;
    const nul = b.indexOf(0);
    return b.toString('utf8', 0, nul === -1 ? b.length : nul);
  }
  address(type: number): IpAddress | undefined {
    const b = this.get(type);
    return b === undefined ? undefined : addressFromBytes(b, type);
  }
  nested(type: number): Attributes | undefined {
    const b = this.get(type);
    return b === undefined ? undefined : Attributes.parse(b);
  }

  private sized(type: number, size: number): Buffer | undefined {
    const b = this.get(type);
    if (b === undefined) return undefined;
    if (b.length < size) {
      throw new NetlinkError('MALFORMED', `attribute ${type} has ${b.length} bytes, needs ${size}`, {
        details: { type, length: b.length, size },
      });
    }
    return b;
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
