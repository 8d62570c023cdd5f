// Test helpers: throw-away network namespaces (twt-nl-<pid>-<n>) and iproute2 inside them. Tests that
// use these need root; they delete what they create in after()/finally, also on failure.
import { execFileSync } from 'node:child_process';

let counter = 0;

export function createTestNetns(): string {
  const name = `twt-nl-${process.pid}-${++counter}`;
  execFileSync('ip', ['netns', 'add', name]);
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return name;
}

export function deleteTestNetns(name: string): void {
  execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
}

/** `ip -n NS ARGS...`; returns stdout. */
export function ipIn(ns: string, ...args: string[]): string {
  return execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
}

/** `ip -j -n NS ARGS...`, parsed. */
export function ipJson<T = Record<string, unknown>[]>(ns: string, ...args: string[]): T {
  const out = execFileSync('ip', ['-j', '-n', ns, ...args], { encoding: 'utf8' });
  return JSON.parse(out === '' ? '[]' : out) as T;
}

/** Runs iproute2 commands in batch mode inside the namespace (blocks this thread until done). */
export function ipBatch(ns: string, lines: readonly string[]): void {
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

export function ifindex(ns: string, dev: string): number {
  const [link] = ipJson<{ ifindex: number }[]>(ns, 'link', 'show', 'dev', dev);
  if (link === undefined) throw new Error(`no link ${dev} in ${ns}`);
  return link.ifindex;
}
