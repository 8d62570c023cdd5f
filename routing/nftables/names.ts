// nft names for Twill's objects. Policy and group names are derived from a hash so that they are short,
// valid nft identifiers whatever the Kubernetes names are (which may hold characters nft's identifier
// grammar refuses, and may be 253 characters long), and stable across restarts (so a restart diffs to an
// empty change, not to a rebuilt table).
import { createHash } from 'node:crypto';
import { NftablesError } from './errors.js';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** `p<hash>` for a policy; its sets, chains and counters all start with it. */
export function policyId(namespace: string, name: string): string {
  return `p${shortHash(`${namespace}/${name}`)}`;
}

/** `<kind><hash>` for a set shared by every rule whose peers select the same (`key`). */
export function sharedSetId(kind: 'a' | 'b', key: string): string {
  return `${kind}${shortHash(key)}`;
}

/** `g<hash>` for the set of policies that together select a pod in one direction. */
export function groupId(policyIds: readonly string[]): string {
  return `g${shortHash(policyIds.join(','))}`;
}

// Linux interface names: at most 15 bytes, no '/', no whitespace; we also refuse quotes so that the
// name can be written inside nft's "..." safely.
const IFNAME = /^[A-Za-z0-9_.@:+-]{1,15}$/;

export function quotedIfname(name: string): string {
  if (!IFNAME.test(name)) {
    throw new NftablesError('INVALID_INPUT', `host interface name ${JSON.stringify(name)} is not valid`);
  }
  return `"${name}"`;
}
