// Generic netlink (genetlink): struct genlmsghdr (cmd, version, reserved) then attributes. Families
// have dynamic ids, resolved by name through the controller family "nlctrl" (GENL_ID_CTRL = 0x10)
// with CTRL_CMD_GETFAMILY.
import { NetlinkError } from '../errors.js';
import { Attributes } from './attributes.js';
import { NlWriter } from './nl-writer.js';

export const GENL_ID_CTRL = 0x10;
export const GENL_HDRLEN = 4;
export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;
export const CTRL_ATTR_VERSION = 3;
export const CTRL_ATTR_HDRSIZE = 4;
export const CTRL_ATTR_MAXATTR = 5;
export const CTRL_ATTR_OPS = 6;
export const CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_OP_ID = 1;
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
export const CTRL_ATTR_MCAST_GRP_ID = 2;

export interface GenlMessage {
  readonly cmd: number;
  readonly version: number;
  /** The attributes after the genlmsghdr, still encoded. */
  readonly body: Buffer;
}

/** genlmsghdr followed by `attributes` (already encoded with an NlWriter). */
export function encodeGenl(cmd: number, version: number, attributes: Uint8Array): Buffer {
  const w = new NlWriter(GENL_HDRLEN + attributes.length);
  w.u8(cmd).u8(version).u16(0).bytes(attributes);
  return w.toBuffer();
}

export function decodeGenl(payload: Buffer): GenlMessage {
  if (payload.length < GENL_HDRLEN) {
    throw new NetlinkError('MALFORMED', `genlmsghdr needs ${GENL_HDRLEN} bytes, got ${payload.length}`);
  }
  return { cmd: payload.readUInt8(0), version: payload.readUInt8(1), body: payload.subarray(GENL_HDRLEN) };
}

export interface GenlFamily {
  readonly id: number;
  readonly name: string;
  readonly version: number;
  readonly hdrSize: number;
  readonly maxAttr: number;
  /** Command numbers the family supports (CTRL_ATTR_OPS). */
  readonly ops: readonly number[];
  /** Multicast group ids by name (CTRL_ATTR_MCAST_GROUPS). */
  readonly groups: ReadonlyMap<string, number>;
}

export function encodeGetFamily(name: string): Buffer {
  const attrs = new NlWriter(32).attrString(CTRL_ATTR_FAMILY_NAME, name).toBuffer();
  return encodeGenl(CTRL_CMD_GETFAMILY, 1, attrs);
}

export function decodeFamily(payload: Buffer): GenlFamily {
  const { body } = decodeGenl(payload);
  const attrs = Attributes.parse(body);
  const id = attrs.u16(CTRL_ATTR_FAMILY_ID);
  const name = attrs.string(CTRL_ATTR_FAMILY_NAME);
  if (id === undefined || name === undefined) {
    throw new NetlinkError('MALFORMED', 'CTRL_CMD_NEWFAMILY without CTRL_ATTR_FAMILY_ID/NAME');
  }
  // Both lists are nested arrays: one nest per element, its type the element's index.
  const ops: number[] = [];
  const opsNest = attrs.get(CTRL_ATTR_OPS);
  if (opsNest !== undefined) {
    const list = Attributes.parse(opsNest);
    for (const type of list.types()) {
      const op = Attributes.parse(list.get(type) as Buffer).u32(CTRL_ATTR_OP_ID);
      if (op !== undefined) ops.push(op);
    }
  }
  const groups = new Map<string, number>();
  const groupsNest = attrs.get(CTRL_ATTR_MCAST_GROUPS);
  if (groupsNest !== undefined) {
    const list = Attributes.parse(groupsNest);
    for (const type of list.types()) {
      const g = Attributes.parse(list.get(type) as Buffer);
      const groupName = g.string(CTRL_ATTR_MCAST_GRP_NAME);
      const groupId = g.u32(CTRL_ATTR_MCAST_GRP_ID);
      if (groupName !== undefined && groupId !== undefined) groups.set(groupName, groupId);
    }
  }
  return {
    id,
    name,
    version: attrs.u32(CTRL_ATTR_VERSION) ?? 0,
    hdrSize: attrs.u32(CTRL_ATTR_HDRSIZE) ?? 0,
    maxAttr: attrs.u32(CTRL_ATTR_MAXATTR) ?? 0,
    ops,
    groups,
  };
}
