// How twill-node finds the address it peers and tunnels from, per family. The method names and their
// text form follow Calico's IP_AUTODETECTION_METHOD so operators can carry their setting over.
import { assertNever, tryParseIpAddress, tryParsePrefix, type IpFamily } from '../../../common/index.js';

export type AutodetectionMethod =
  /** The first address of the first interface that is up, skipping loopback and well-known virtual devices. */
  | { readonly kind: 'first-found' }
  /** The first address of the first interface whose name matches. */
  | { readonly kind: 'interface'; readonly pattern: string }
  /** Like first-found, but interfaces whose name matches are skipped. */
  | { readonly kind: 'skip-interface'; readonly pattern: string }
  /** The source address the kernel picks for a route to this destination (IP or DNS name). */
  | { readonly kind: 'can-reach'; readonly destination: string }
  /** The first address inside one of these CIDRs. */
  | { readonly kind: 'cidr'; readonly cidrs: readonly string[] }
  /** An operator-fixed address, optionally with its prefix length (`10.0.1.5/24`). */
  | { readonly kind: 'fixed'; readonly address: string }
  /** No address of this family (the default for IPv6). */
  | { readonly kind: 'none' };

// RFC 1123 host name: labels of letters, digits and hyphens.
const DNS_NAME =
  /^(?=.{1,253}$)([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;

/** Parses the text form; returns a message (not an exception) so the config loader can name the key. */
export function parseAutodetectionMethod(text: string, family: IpFamily): AutodetectionMethod | string {
  const value = text.trim();
  if (value === 'first-found') return { kind: 'first-found' };
  if (value === 'none') return { kind: 'none' };
  const equals = value.indexOf('=');
  if (equals === -1) {
    const prefix = tryParsePrefix(value, { family, strict: false });
    const address = tryParseIpAddress(value);
    if (address !== undefined && address.family === family) return { kind: 'fixed', address: value };
    if (prefix !== undefined && value.includes('/')) return { kind: 'fixed', address: value };
    return (
      `${JSON.stringify(text)} is not a method: expected first-found, none, interface=REGEX, ` +
      `skip-interface=REGEX, can-reach=DEST, cidr=CIDR[,CIDR...] or an IPv${family} address`
    );
  }
  const name = value.slice(0, equals);
  const argument = value.slice(equals + 1);
  if (argument === '') return `${name}= needs a value`;
  switch (name) {
    case 'interface':
    case 'skip-interface': {
      const problem = regexProblem(argument);
      return problem === undefined ? { kind: name, pattern: argument } : `${name}: ${problem}`;
    }
    case 'can-reach': {
      const address = tryParseIpAddress(argument);
      if (address !== undefined && address.family !== family)
        return `can-reach: ${argument} is not an IPv${family} address`;
      if (address === undefined && !DNS_NAME.test(argument))
        return `can-reach: ${JSON.stringify(argument)} is neither an IP address nor a DNS name`;
      return { kind: 'can-reach', destination: argument };
    }
    case 'cidr': {
      const cidrs = argument.split(',').map((item) => item.trim());
      for (const cidr of cidrs) {
        if (tryParsePrefix(cidr, { family, strict: false }) === undefined)
          return `cidr: ${JSON.stringify(cidr)} is not an IPv${family} CIDR`;
      }
      return { kind: 'cidr', cidrs };
    }
    default:
      return `unknown method ${JSON.stringify(name)}: expected interface, skip-interface, can-reach or cidr`;
  }
}

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return `${JSON.stringify(source)} is not a regular expression (${(error as Error).message})`;
  }
}

/** The canonical text of a method: what `--print-config` and the node status show. */
export function formatAutodetectionMethod(method: AutodetectionMethod): string {
  switch (method.kind) {
    case 'first-found':
    case 'none':
      return method.kind;
    case 'interface':
    case 'skip-interface':
      return `${method.kind}=${method.pattern}`;
    case 'can-reach':
      return `can-reach=${method.destination}`;
    case 'cidr':
      return `cidr=${method.cidrs.join(',')}`;
    case 'fixed':
      return method.address;
    default:
      return assertNever(method, 'autodetection method');
  }
}
