/** The process's streams and environment, injected into the command groups so they never touch `process`. */
import { readFileSync } from 'node:fs';

export interface CtlIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readStdin: () => string;
  readonly now: () => Date;
}

/** The real process's streams and environment. */
export function processIo(): CtlIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readStdin: () => readFileSync(0, 'utf8'),
    now: () => new Date(),
  };
}
