// Runs the built twillctl (dist/daemon/ctl/main.js) as an operator would: its exit code, stdout and
// stderr, with a clean environment (no TWILL_* or KUBECONFIG of the shell running the tests).
import { spawn } from 'node:child_process';

import { repoPath } from '../../../lab/testing/repo.js';

export interface CtlRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const CTL = repoPath('dist/daemon/ctl/main.js');

export function runCtl(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly stdin?: string } = {},
): Promise<CtlRun> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('TWILL_') && name !== 'KUBECONFIG') env[name] = value;
  }
  // No ~/.kube/config of the machine either: a test names its datastore explicitly.
  env.HOME = '/nonexistent';
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CTL, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
