// RTM_NEWNEIGH / RTM_DELNEIGH bodies: struct ndmsg (12 bytes), then NDA_* attributes. ARP (AF_INET),
// NDP (AF_INET6) and bridge FDB entries (AF_BRIDGE: NDA_LLADDR is the MAC, NDA_DST the remote VTEP
// of a VXLAN device).
import type { IpAddress } from '../../../common/index.js';
import { NetlinkError } from '../errors.js';
import { Attributes, macFromString, macToString } from './attributes.js';
import { AF_BRIDGE, AF_INET, AF_INET6 } from './nl-constants.js';
import { NlWriter } from './nl-writer.js';
import { optional } from './route.js';
import { NDA_DST, NDA_IFINDEX, NDA_LLADDR, NDA_MASTER, NDA_PORT, NDA_VLAN, NDA_VNI } from './rt-constants.js';

export type NeighbourFamily = 'inet' | 'inet6' | 'bridge';

export interface NeighbourMessage {
  readonly family: NeighbourFamily;
  readonly index: number;
  /** NUD_* (NUD_PERMANENT, NUD_REACHABLE, ...). */
  readonly state: number;
  /** NTF_* (NTF_SELF, NTF_PROXY, ...). */
  readonly flags?: number;
  readonly type?: number;
  readonly dst?: IpAddress;
  readonly lladdr?: string;
  readonly vlan?: number;
  /** FDB: UDP port of the remote VTEP (network order on the wire). */
  readonly port?: number;
  readonly vni?: number;
  readonly ifindex?: number;
  readonly master?: number;
}

const NDMSG_BYTES = 12;
const FAMILY_CODES: Readonly<Record<NeighbourFamily, number>> = {
  inet: AF_INET,
  inet6: AF_INET6,
  bridge: AF_BRIDGE,
};

export function encodeNeighbour(n: NeighbourMessage): Buffer {
  const w = new NlWriter(64);
  w.u8(FAMILY_CODES[n.family])
    .u8(0)
    .u16(0)
    .i32(n.index)
    .u16(n.state)
    .u8(n.flags ?? 0)
    .u8(n.type ?? 0);
  if (n.dst !== undefined) w.attr(NDA_DST, n.dst.toBytes());
  if (n.lladdr !== undefined) w.attr(NDA_LLADDR, macFromString(n.lladdr));
  if (n.vlan !== undefined) w.attrU16(NDA_VLAN, n.vlan);
  if (n.port !== undefined) w.attrU16be(NDA_PORT, n.port);
  if (n.vni !== undefined) w.attrU32(NDA_VNI, n.vni);
  if (n.ifindex !== undefined) w.attrU32(NDA_IFINDEX, n.ifindex);
  if (n.master !== undefined) w.attrU32(NDA_MASTER, n.master);
  return w.toBuffer();
}

export function decodeNeighbour(payload: Buffer): NeighbourMessage {
  if (payload.length < NDMSG_BYTES) {
    throw new NetlinkError('MALFORMED', `ndmsg needs ${NDMSG_BYTES} bytes, got ${payload.length}`);
  }
  const code = payload.readUInt8(0);
  const family = (Object.keys(FAMILY_CODES) as NeighbourFamily[]).find((f) => FAMILY_CODES[f] === code);
  if (family === undefined) throw new NetlinkError('MALFORMED', `neighbour family ${code} is not handled`);
  const attrs = Attributes.parse(payload, NDMSG_BYTES);
  const lladdr = attrs.get(NDA_LLADDR);
  const flags = payload.readUInt8(10);
  const type = payload.readUInt8(11);
  return {
    family,
    index: payload.readInt32LE(4),
    state: payload.readUInt16LE(8),
    ...(flags !== 0 ? { flags } : {}),
    ...(type !== 0 ? { type } : {}),
    ...optional('dst', attrs.address(NDA_DST)),
    ...optional('lladdr', lladdr === undefined ? undefined : macToString(lladdr)),
    ...optional('vlan', attrs.u16(NDA_VLAN)),
    ...optional('port', attrs.u16be(NDA_PORT)),
    ...optional('vni', attrs.u32(NDA_VNI)),
    ...optional('ifindex', attrs.u32(NDA_IFINDEX)),
    ...optional('master', attrs.u32(NDA_MASTER)),
  };
}
