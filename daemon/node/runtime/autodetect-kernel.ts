// Address autodetection, the kernel half: one netlink link + address dump (and a route lookup for
// can-reach), then the pure selection in autodetect-select.ts.
import { lookup } from 'node:dns/promises';

import { tryParseIpAddress, type IpFamily } from '../../../common/index.js';
import { IFF_UP, Rtnetlink } from '../../../routing/netlink/index.js';
import type { AutodetectedAddresses } from '../calc/index.js';
import type { AutodetectionMethod } from '../config/index.js';
import { selectAddress, type KernelInterface, type Selection } from './autodetect-select.js';

export async function kernelInterfaces(netlink: Rtnetlink): Promise<KernelInterface[]> {
  const [links, addresses] = [await netlink.links(), await netlink.addresses()];
  return links
    .sort((a, b) => a.index - b.index)
    .map((link) => ({
      name: link.name ?? `if${link.index}`,
      up: ((link.flags ?? 0) & IFF_UP) !== 0,
      addresses: addresses
        .filter((a) => a.index === link.index)
        .map((a) => ({ cidr: `${(a.local ?? a.address).toString()}/${a.prefixLength}` })),
    }));
}

/** Runs both families' methods; each result says which method found what, or why nothing. */
export async function autodetect(methods: {
  readonly ipv4: AutodetectionMethod;
  readonly ipv6: AutodetectionMethod;
}): Promise<{ addresses: AutodetectedAddresses; selections: Selection[] }> {
  const netlink = new Rtnetlink({ ref: false });
  try {
    const interfaces = await kernelInterfaces(netlink);
    const one = async (method: AutodetectionMethod, family: IpFamily): Promise<Selection> => {
      const source =
        method.kind === 'can-reach' ? await sourceTowards(netlink, method.destination, family) : undefined;
      return selectAddress(method, family, interfaces, source);
    };
    const v4 = await one(methods.ipv4, 4);
    const v6 = await one(methods.ipv6, 6);
    const pick = (s: Selection) => (s.kind === 'found' ? { cidr: s.cidr, method: s.method } : undefined);
    const [ipv4, ipv6] = [pick(v4), pick(v6)];
    return {
      addresses: { ...(ipv4 === undefined ? {} : { ipv4 }), ...(ipv6 === undefined ? {} : { ipv6 }) },
      selections: [v4, v6],
    };
  } finally {
    netlink.close();
  }
}

/** What `ip route get DEST` gives as source (the preferred source of the route the kernel would use). */
async function sourceTowards(
  netlink: Rtnetlink,
  destination: string,
  family: IpFamily,
): Promise<string | undefined> {
  try {
    const address =
      tryParseIpAddress(destination) ?? tryParseIpAddress((await lookup(destination, { family })).address);
    if (address === undefined) return undefined;
    const route = await netlink.routeTo(address);
    return route?.prefsrc?.toString();
  } catch {
    return undefined; // no route or no name: the selection says "no route to DEST"
  }
}
