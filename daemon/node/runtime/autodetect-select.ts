// Address autodetection, the pure half: given the kernel's interfaces (and, for can-reach, the source
// address the kernel chose for the destination), pick the node's address of one family. Same methods and
// skip rules as Calico's IP_AUTODETECTION_METHOD, so an operator's setting means what it meant there.
import { assertNever, tryParseIpAddress, tryParsePrefix, type IpFamily } from '../../../common/index.js';
import { formatAutodetectionMethod, type AutodetectionMethod } from '../config/index.js';

export interface InterfaceAddress {
  /** With its prefix length, as the interface has it (`10.0.1.5/24`). */
  readonly cidr: string;
}

export interface KernelInterface {
  readonly name: string;
  readonly up: boolean;
  readonly addresses: readonly InterfaceAddress[];
}

export type Selection =
  | { readonly kind: 'found'; readonly cidr: string; readonly method: string; readonly interface?: string }
  | { readonly kind: 'none'; readonly method: string; readonly reason: string };

/**
 * Devices first-found never picks: loopback, container and VM bridges, veths, and the tunnel devices of
 * Calico and Twill (a node must not peer from its own overlay).
 */
export const FIRST_FOUND_SKIP: readonly RegExp[] = [
  /^lo$/,
  /^docker/,
  /^cbr/,
  /^dummy/,
  /^virbr/,
  /^lxcbr/,
  /^veth/,
  /^cali/,
  /^tunl/,
  /^flannel/,
  /^kube-ipvs/,
  /^cni/,
  /^vxlan/,
  /^wireguard/,
  /^wg-/,
  /^nodelocaldns/,
  /^twill/,
];

export function selectAddress(
  method: AutodetectionMethod,
  family: IpFamily,
  interfaces: readonly KernelInterface[],
  /** For can-reach: the source address the kernel uses towards the destination. */
  canReachSource?: string,
): Selection {
  const text = formatAutodetectionMethod(method);
  const none = (reason: string): Selection => ({ kind: 'none', method: text, reason });
  const usable = (i: KernelInterface) => i.up && !FIRST_FOUND_SKIP.some((r) => r.test(i.name));
  const first = (candidates: readonly KernelInterface[], accept: (cidr: string) => boolean = () => true) => {
    for (const i of candidates)
      for (const a of i.addresses)
        if (familyOf(a.cidr) === family && !linkLocal(a.cidr) && accept(a.cidr))
          return { kind: 'found', cidr: a.cidr, method: text, interface: i.name } as const;
    return undefined;
  };
  switch (method.kind) {
    case 'none':
      return none('method is none');
    case 'fixed': {
      const cidr = method.address.includes('/')
        ? method.address
        : (withInterfaceLength(method.address, interfaces) ?? hostCidr(method.address, family));
      return { kind: 'found', cidr, method: text };
    }
    case 'first-found':
      return first(interfaces.filter(usable)) ?? none('no up interface has a global address');
    case 'skip-interface': {
      const skip = new RegExp(method.pattern);
      return (
        first(interfaces.filter((i) => usable(i) && !skip.test(i.name))) ??
        none(`no up interface outside /${method.pattern}/ has a global address`)
      );
    }
    case 'interface': {
      const match = new RegExp(method.pattern);
      return (
        first(interfaces.filter((i) => i.up && match.test(i.name))) ??
        none(`no up interface matching /${method.pattern}/ has an address`)
      );
    }
    case 'cidr': {
      const prefixes = method.cidrs.flatMap((c) => tryParsePrefix(c, { strict: false }) ?? []);
      const inside = (cidr: string) => {
        const address = tryParseIpAddress(cidr.split('/')[0] ?? '');
        return address !== undefined && prefixes.some((p) => p.contains(address));
      };
      return (
        first(
          interfaces.filter((i) => i.up),
          inside,
        ) ?? none(`no address inside ${method.cidrs.join(', ')}`)
      );
    }
    case 'can-reach': {
      if (canReachSource === undefined) return none(`no route to ${method.destination}`);
      const cidr = withInterfaceLength(canReachSource, interfaces);
      return cidr === undefined
        ? none(`source ${canReachSource} towards ${method.destination} is on no interface`)
        : { kind: 'found', cidr, method: text };
    }
    default:
      return assertNever(method, 'autodetection method');
  }
}

function familyOf(cidr: string): IpFamily | undefined {
  return tryParseIpAddress(cidr.split('/')[0] ?? '')?.family;
}

function linkLocal(cidr: string): boolean {
  const a = cidr.split('/')[0] ?? '';
  return a.toLowerCase().startsWith('fe80:') || a.startsWith('169.254.');
}

/** The address as an interface carries it, with that interface's prefix length. */
function withInterfaceLength(address: string, interfaces: readonly KernelInterface[]): string | undefined {
  for (const i of interfaces)
    for (const a of i.addresses) if (a.cidr.split('/')[0] === address) return a.cidr;
  return undefined;
}

function hostCidr(address: string, family: IpFamily): string {
  return `${address}/${family === 4 ? 32 : 128}`;
}
