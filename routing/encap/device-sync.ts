// Small reconciling steps shared by the device managers: a link up, and a device's static neighbour
// and FDB entries made exactly equal to a wanted set (replace what differs, delete what is extra).
import {
  IFF_UP,
  linkUpDown,
  NUD_PERMANENT,
  type LinkMessage,
  type NeighbourMessage,
} from '../netlink/index.js';
import type { LinkOps } from './link-ops.js';

export async function ensureLinkUp(ops: LinkOps, link: LinkMessage): Promise<void> {
  if (((link.flags ?? 0) & IFF_UP) === 0) await ops.setLink(linkUpDown(link.index, true));
}

/**
 * The identity of an entry: for FDB the MAC (one remote per MAC: we never append), for ARP/NDP the
 * address.
 */
export function neighbourKey(n: NeighbourMessage): string {
  return n.family === 'bridge' ? `bridge|${n.lladdr ?? ''}` : `${n.family}|${n.dst?.toString() ?? ''}`;
}

function sameEntry(a: NeighbourMessage, b: NeighbourMessage): boolean {
  return (
    (a.lladdr ?? '').toLowerCase() === (b.lladdr ?? '').toLowerCase() &&
    (a.dst?.toString() ?? '') === (b.dst?.toString() ?? '') &&
    (a.state & NUD_PERMANENT) === (b.state & NUD_PERMANENT)
  );
}

/** Makes the permanent entries on device `index` equal `wanted`; returns how many changed. */
export async function syncNeighbours(
  ops: LinkOps,
  index: number,
  wanted: readonly NeighbourMessage[],
): Promise<number> {
  const families = ['bridge', 'inet', 'inet6'] as const;
  const existing = new Map<string, NeighbourMessage>();
  for (const family of families) {
    for (const n of await ops.neighbours(family)) {
      // Only what we could have put there: permanent entries on our device (FDB: with a remote).
      if (n.index !== index || (n.state & NUD_PERMANENT) === 0) continue;
      if (n.family === 'bridge' && n.dst === undefined) continue;
      existing.set(neighbourKey(n), n);
    }
  }
  let changes = 0;
  const wantedKeys = new Set<string>();
  for (const n of wanted) {
    const key = neighbourKey(n);
    wantedKeys.add(key);
    const have = existing.get(key);
    if (have !== undefined && sameEntry(have, n)) continue;
    await ops.replaceNeighbour(n);
    changes++;
  }
  for (const [key, n] of existing) {
    if (wantedKeys.has(key)) continue;
    await ops.deleteNeighbour({ ...n, flags: n.family === 'bridge' ? (n.flags ?? 0) : 0 });
    changes++;
  }
  return changes;
}
