// The lab's state file (`<labsRoot>/<lab>/state.json`): written before anything is created and
// updated as namespaces and processes appear, so `twill-lab down NAME` — or the next `up` of
// the same lab after a crash — can remove exactly what this lab made and nothing else.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.js';
import { labDir, labsRoot } from './names.js';

export interface LabProcess {
  node: string;
  name: string;
  pid: number;
}

export interface LabState {
  name: string;
  topologyFile?: string;
  /** The process that brought the lab up; a lab whose owner died without `detached` is stale. */
  ownerPid: number;
  detached: boolean;
  createdAt: string;
  namespaces: string[];
  processes: LabProcess[];
}

export function statePath(lab: string): string {
  return path.join(labDir(lab), 'state.json');
}

export function writeState(state: LabState): void {
  const file = statePath(state.name);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  // Write-then-rename: a reader never sees half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function readState(lab: string): LabState | undefined {
  const file = statePath(lab);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabState;
  } catch (err) {
    throw new LabError(
      'LAB_NOT_FOUND',
      `lab ${lab}: unreadable state file ${file}: ${(err as Error).message}`,
    );
  }
}

export function listLabs(): string[] {
  const root = labsRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((d) => existsSync(statePath(d)));
}

export function removeLabDir(lab: string): void {
  rmSync(labDir(lab), { recursive: true, force: true });
}
