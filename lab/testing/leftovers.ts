// What a lab leaves on the host, for tests that prove tear-down: namespaces, processes in
// them, and its run folder.
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { labDir, netnsName, NETNS_PREFIX } from '../names.js';
import { listNetns } from '../netns.js';
import { isAlive } from '../netns.js';

export function labNamespaces(lab: string): string[] {
  return listNetns().filter((ns) => ns.startsWith(`${NETNS_PREFIX}${lab}-`));
}

/** A lab name no other test, run or demo uses. */
export function uniqueLabName(tag: string): string {
  return `t${process.pid % 100000}-${tag}`;
}

export function expectNothingLeft(lab: string, nodes: readonly string[], pids: readonly number[] = []): void {
  expect(labNamespaces(lab), 'namespaces left behind').to.deep.equal([]);
  for (const n of nodes) expect(listNetns()).not.to.include(netnsName(lab, n));
  expect(pids.filter(isAlive), 'processes left running').to.deep.equal([]);
  expect(existsSync(labDir(lab)), 'run folder left behind').to.equal(false);
}
