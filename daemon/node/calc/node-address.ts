// A node's underlay address per family, as its Node resource publishes it (spec.bgp.ipv4Address is the
// interface address with its subnet, `10.0.1.5/24`).
import {
  parseIpAddress,
  tryParsePrefix,
  type IpAddress,
  type IpFamily,
  type Prefix,
} from '../../../common/index.js';
import type { Node } from '../../../datastore/index.js';

export interface ParsedAddress {
  readonly cidr: string;
  readonly address: IpAddress;
  /** The subnet the address sits in (host bits cleared). */
  readonly subnet: Prefix;
}

/** Reads `10.0.1.5/24` (or a bare address, taken as a host prefix); undefined if not of this family. */
export function parseInterfaceAddress(text: string, family: IpFamily): ParsedAddress | undefined {
  const withLength = text.includes('/') ? text : `${text}/${family === 4 ? 32 : 128}`;
  const subnet = tryParsePrefix(withLength, { family, strict: false });
  if (subnet === undefined) return undefined;
  const address = parseIpAddress(withLength.slice(0, withLength.indexOf('/')));
  return { cidr: `${address.toString()}/${subnet.length}`, address, subnet };
}

export function nodeAddress(node: Node | undefined, family: IpFamily): ParsedAddress | undefined {
  const text = family === 4 ? node?.spec.bgp?.ipv4Address : node?.spec.bgp?.ipv6Address;
  return text === undefined ? undefined : parseInterfaceAddress(text, family);
}

export const FAMILIES: readonly IpFamily[] = [4, 6];
