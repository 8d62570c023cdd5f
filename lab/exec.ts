// Running external programs for the lab: every command has a deadline and a typed error
// that carries the command line, exit code and stderr, so a failing `ip` or `vtysh` call
// says exactly what was run and what it answered.
import { spawn } from 'node:child_process';
import { LabError } from './errors.js';

export interface RunOptions {
  /** Give up (SIGKILL) after this long; a lab command that hangs must not hang the lab. */
  timeoutMs?: number;
  /** Data written to the program's standard input. */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve with the result instead of rejecting when the exit code is not 0. */
  allowFailure?: boolean;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new LabError('LAB_COMMAND_FAILED', 'empty command line');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new LabError('LAB_COMMAND_FAILED', `cannot run ${argv.join(' ')}: ${err.message}`, { argv }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code === 0 || opts.allowFailure) return resolve(result);
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exit code ${result.code}`;
      reject(
        new LabError('LAB_COMMAND_FAILED', `${argv.join(' ')}: ${why}: ${(stderr || stdout).trim()}`, {
          argv,
          code: result.code,
        }),
      );
    });
    if (child.stdin) {
      // A program may exit before reading all of its input; that is its answer, not our crash.
      child.stdin.on('error', () => {});
      child.stdin.end(opts.input);
    }
  });
}

/** argv that runs `argv` inside network namespace `ns`. */
export function inNetns(ns: string, argv: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', ns, ...argv];
}
