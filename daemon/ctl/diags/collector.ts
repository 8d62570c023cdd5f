/**
 * One collector of the `twillctl diags` bundle: a file name and how to produce its content. A collector
 * that fails is recorded in the bundle's index (what, and why) and never stops the others.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { errorMessage } from '../../../common/index.js';

const exec = promisify(execFile);

export interface Collector {
  /** File inside the bundle ("kernel-routes-v4.txt"). */
  readonly file: string;
  /** What it is, for the index. */
  readonly what: string;
  readonly collect: () => Promise<string>;
}

export interface IndexEntry {
  readonly file: string;
  readonly what: string;
  readonly ok: boolean;
  readonly bytes?: number;
  readonly error?: string;
  readonly durationMs: number;
}

/** Runs a command (optionally inside a network namespace); its stdout, or an error naming it. */
export async function command(argv: readonly string[], netns?: string, timeoutMs = 20_000): Promise<string> {
  const full = netns === undefined ? argv : ['ip', 'netns', 'exec', netns, ...argv];
  try {
    const { stdout, stderr } = await exec(full[0] as string, full.slice(1), {
      timeout: timeoutMs,
      maxBuffer: 1 << 27,
    });
    // Some tools (bird --version) answer on stderr.
    return stdout === '' ? stderr : stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `${full.join(' ')}: ${stderr !== undefined && stderr !== '' ? stderr : errorMessage(error)}`,
    );
  }
}

export async function runCollector(
  c: Collector,
): Promise<{ entry: IndexEntry; content: string | undefined }> {
  const started = Date.now();
  try {
    const content = await c.collect();
    return {
      entry: {
        file: c.file,
        what: c.what,
        ok: true,
        bytes: Buffer.byteLength(content),
        durationMs: Date.now() - started,
      },
      content,
    };
  } catch (error) {
    return {
      entry: {
        file: c.file,
        what: c.what,
        ok: false,
        error: errorMessage(error),
        durationMs: Date.now() - started,
      },
      content: undefined,
    };
  }
}

/**
 * Masks secrets in configuration text: the value of any `key: value`, `"key": value` or `key=value`
 * (block or flow YAML, JSON) whose key ends in password, secret, token or key (tcpMd5Key, privateKey) —
 * not a file path key (keyFile, which does not end in "key").
 */
export function maskSecrets(text: string): string {
  return text.replace(
    /(["']?)(\b[\w.]*(?:password|secret|token|key))\1(\s*[:=]\s*)("[^"]*"|'[^']*'|[^,}\s]+)/gi,
    (_m, quote: string, key: string, sep: string) => `${quote}${key}${quote}${sep}"******"`,
  );
}
