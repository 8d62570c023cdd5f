// How the node knows it is restarting (not booting): a marker file written at every start, on a tmpfs
// (/run) so a reboot, which also empties the kernel's route table, removes it too. Found at start, the
// node has restarted with its kernel routes in place: it advertises Restart State and Forwarding State
// (RFC 4724 §3, F bit) and keeps stale routes until it has relearned everything.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface RestartMarker {
  readonly pid: number;
  readonly startedAt: string;
  readonly nodeName: string;
}

/** Reads the previous start's marker (undefined: first start since boot), then writes this one's. */
export async function takeRestartMarker(
  path: string,
  nodeName: string,
  now: Date = new Date(),
): Promise<RestartMarker | undefined> {
  let previous: RestartMarker | undefined;
  try {
    previous = JSON.parse(await readFile(path, 'utf8')) as RestartMarker;
  } catch {
    previous = undefined;
  }
  await mkdir(dirname(path), { recursive: true });
  const marker: RestartMarker = { pid: process.pid, startedAt: now.toISOString(), nodeName };
  await writeFile(path, `${JSON.stringify(marker)}\n`);
  return previous;
}
