// CNI_NETNS is a path to a network namespace file (/run/netns/NAME, /proc/PID/ns/net). Opening it is
// both the check that it exists and the file descriptor the kernel needs to create the veth inside it.
import { closeSync, openSync } from 'node:fs';

import { CniError } from './cni-error.js';

export function openNetns(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new CniError(
      'INVALID_ENVIRONMENT',
      `CNI_NETNS=${JSON.stringify(path)} cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)}); it must be the path of the pod's network namespace`,
      { details: { variable: 'CNI_NETNS', value: path } },
    );
  }
}

/** Fails with code 4 unless the namespace can be opened; done before any datastore work. */
export function requireNetns(path: string): void {
  closeSync(openNetns(path));
}
