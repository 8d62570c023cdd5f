/**
 * NLRI fields: length-prefixed prefixes (RFC 4271 §4.3, RFC 4760 §5), each preceded by a 4-octet Path
 * Identifier when ADD-PATH is in use (RFC 7911 §3). Decoding is binary-parser's loop plus a validating
 * pass that builds common's Prefix values; trailing bits past the prefix length are "irrelevant"
 * (RFC 4271 §4.3) and are cleared.
 */
import { IPv4Address, Prefix, TwillError, type Writer } from '../../common/index.js';
import type { Nlri } from './model.js';
import {
  parseIpv4Nlri,
  parseIpv4NlriWithPathId,
  parseIpv6Nlri,
  parseIpv6NlriWithPathId,
  type Ipv4NlriEntry,
  type Ipv6NlriEntry,
} from './parsers.js';

/** A syntactically incorrect NLRI field (RFC 7606 §5.3); callers decide the treatment. */
export class NlriError extends TwillError<'INVALID_NETWORK_FIELD'> {
  constructor(message: string) {
    super('INVALID_NETWORK_FIELD', message);
  }
}

export function decodeIpv4Nlri(bytes: Uint8Array, addPath: boolean): Nlri<4>[] {
  let entries: readonly Ipv4NlriEntry[];
  try {
    entries = addPath ? parseIpv4NlriWithPathId(bytes) : parseIpv4Nlri(bytes);
  } catch {
    // A RangeError from the DataView: the last prefix runs past the end of the field.
    throw new NlriError('the last prefix overruns the NLRI field');
  }
  const out: Nlri<4>[] = new Array<Nlri<4>>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Ipv4NlriEntry;
    const bits = e.bits;
    let value: number;
    switch ((bits + 7) >> 3) {
      case 0:
        value = 0;
        break;
      case 1:
        value = (e.a as number) << 24;
        break;
      case 2:
        value = (e.a as number) << 16;
        break;
      case 3:
        value = ((e.a as number) << 16) | ((e.b as number) << 8);
        break;
      case 4:
        value = e.a as number;
        break;
      default:
        throw new NlriError(`IPv4 prefix length ${bits} is greater than 32`);
    }
    const prefix = Prefix.containing(IPv4Address.fromNumber(value >>> 0), bits);
    out[i] = e.pathId === undefined ? { prefix } : { prefix, pathId: e.pathId };
  }
  return out;
}

export function decodeIpv6Nlri(bytes: Uint8Array, addPath: boolean): Nlri<6>[] {
  let entries: readonly Ipv6NlriEntry[];
  try {
    entries = addPath ? parseIpv6NlriWithPathId(bytes) : parseIpv6Nlri(bytes);
  } catch {
    throw new NlriError('the last prefix overruns the NLRI field');
  }
  const out: Nlri<6>[] = new Array<Nlri<6>>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Ipv6NlriEntry;
    if (e.bits > 128) throw new NlriError(`IPv6 prefix length ${e.bits} is greater than 128`);
    if (e.bytes.length !== (e.bits + 7) >> 3) throw new NlriError('the last prefix overruns the NLRI field');
    const prefix = Prefix.fromSignificantBytes(6, e.bits, e.bytes);
    out[i] = e.pathId === undefined ? { prefix } : { prefix, pathId: e.pathId };
  }
  return out;
}

export function decodeNlri(family: 4 | 6, bytes: Uint8Array, addPath: boolean): Nlri[] {
  return family === 4 ? decodeIpv4Nlri(bytes, addPath) : decodeIpv6Nlri(bytes, addPath);
}

/** Octets one entry takes on the wire. */
export function nlriLength(nlri: Nlri, addPath: boolean): number {
  return (addPath ? 5 : 1) + ((nlri.prefix.length + 7) >> 3);
}

/** Writes one entry; without ADD-PATH any pathId is ignored, with it a missing one is sent as 0. */
export function encodeNlri(nlri: Nlri, w: Writer, addPath: boolean): void {
  if (addPath) w.u32(nlri.pathId ?? 0);
  const prefix = nlri.prefix;
  const bits = prefix.length;
  w.u8(bits);
  const network = prefix.network;
  if (network.family === 4) {
    const value = network.value;
    const octets = (bits + 7) >> 3;
    for (let k = 0; k < octets; k++) w.u8((value >>> (24 - 8 * k)) & 0xff);
  } else {
    w.bytes(prefix.significantBytes());
  }
}

export function encodeNlriList(list: readonly Nlri[], w: Writer, addPath: boolean): void {
  for (const n of list) encodeNlri(n, w, addPath);
}
