// Names the lab gives to what it creates on the host, so that everything of one lab can be
// found again (and removed) from its name alone, even by another process.
import path from 'node:path';

/** Prefix of every namespace the lab creates ("twl" = twill lab). */
export const NETNS_PREFIX = 'twl-';

export function netnsName(lab: string, node: string): string {
  return `${NETNS_PREFIX}${lab}-${node}`;
}

/** Root of the labs' run folders: per-node sockets, pid files, logs and the lab's state file. */
export function labsRoot(): string {
  return process.env['TWILL_LAB_DIR'] ?? '/run/twill-lab';
}

export function labDir(lab: string): string {
  return path.join(labsRoot(), lab);
}
