// RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR bodies: struct ifaddrmsg (8 bytes), then IFA_* attributes.
import { Prefix, type IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { Attributes } from './attributes.js';
import { AF_INET, AF_INET6 } from './nl-constants.js';
import { NlWriter } from './nl-writer.js';
import { optional } from './route.js';
import { IFA_ADDRESS, IFA_BROADCAST, IFA_FLAGS, IFA_LABEL, IFA_LOCAL } from './rt-constants.js';

export interface AddressMessage {
  readonly index: number;
  /** The address with its prefix length, e.g. 10.0.0.1/24 (host bits kept). */
  readonly address: IpAddress;
  readonly prefixLength: number;
  /** IFA_LOCAL; for IPv4 the same as address unless point-to-point. */
  readonly local?: IpAddress;
  readonly broadcast?: IpAddress;
  readonly label?: string;
  readonly scope?: number;
  /** IFA_F_* (IFA_F_NODAD, IFA_F_PERMANENT, ...): the u32 IFA_FLAGS, a superset of ifa_flags. */
  readonly flags?: number;
}

const IFADDRMSG_BYTES = 8;

export function encodeAddress(a: AddressMessage): Buffer {
  const w = new NlWriter(64);
  const flags = a.flags ?? 0;
  w.u8(a.address.family === 4 ? AF_INET : AF_INET6)
    .u8(a.prefixLength)
    .u8(flags & 0xff)
    .u8(a.scope ?? 0);
  w.u32(a.index);
  // IPv4 needs IFA_LOCAL (the interface's own address); iproute2 sends both, so do we.
  const local = a.local ?? (a.address.family === 4 ? a.address : undefined);
  if (local !== undefined) w.attr(IFA_LOCAL, local.toBytes());
  w.attr(IFA_ADDRESS, a.address.toBytes());
  if (a.broadcast !== undefined) w.attr(IFA_BROADCAST, a.broadcast.toBytes());
  if (a.label !== undefined) w.attrString(IFA_LABEL, a.label);
  if (flags > 0xff) w.attrU32(IFA_FLAGS, flags);
  return w.toBuffer();
}

export function decodeAddress(payload: Buffer): AddressMessage {
  if (payload.length < IFADDRMSG_BYTES) {
    throw new NetlinkError('MALFORMED', `ifaddrmsg needs ${IFADDRMSG_BYTES} bytes, got ${payload.length}`);
  }
  const attrs = Attributes.parse(payload, IFADDRMSG_BYTES);
  const address = attrs.address(IFA_ADDRESS) ?? attrs.address(IFA_LOCAL);
  if (address === undefined)
    throw new NetlinkError('MALFORMED', 'address message without IFA_ADDRESS/IFA_LOCAL');
  const local = attrs.address(IFA_LOCAL);
  const scope = payload.readUInt8(3);
  const flags = attrs.u32(IFA_FLAGS) ?? payload.readUInt8(2);
  return {
    index: payload.readUInt32LE(4),
    address,
    prefixLength: payload.readUInt8(1),
    ...(local !== undefined && !local.equals(address) ? { local } : {}),
    ...optional('broadcast', attrs.address(IFA_BROADCAST)),
    ...optional('label', attrs.string(IFA_LABEL)),
    ...(scope !== 0 ? { scope } : {}),
    ...(flags !== 0 ? { flags } : {}),
  };
}

/** The prefix an address sits in (10.0.0.1/24 → 10.0.0.0/24). */
export function addressPrefix(a: AddressMessage): Prefix {
  return Prefix.containing(a.address, a.prefixLength);
}
