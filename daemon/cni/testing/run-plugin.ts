// Invokes a CNI plugin exactly as a runtime does (CNI spec 1.1 §"Execution"): exec the executable with
// CNI_* variables, the config as JSON on stdin, read one JSON document from stdout and the exit status.
// Asynchronous on purpose: the etcd relay the plugin talks through lives in the test process.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shell wrapper in the source tree (it runs dist/daemon/cni/main.js). */
export const TWILL_CNI = fileURLToPath(new URL('../../../../daemon/cni/twill-cni', import.meta.url));
/** Debian's containernetworking-plugins. */
export const REFERENCE_PLUGINS = '/usr/lib/cni';

export interface PluginCall {
  readonly plugin: string;
  readonly command: string | undefined;
  readonly config: unknown;
  /** Run inside this namespace (the test's node); default the test's own. */
  readonly nodeNetns?: string;
  readonly containerID?: string;
  readonly ifName?: string;
  readonly netns?: string;
  readonly args?: string;
  /** Raw stdin instead of JSON.stringify(config). */
  readonly stdin?: string;
}

export interface PluginRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, or undefined when empty. */
  readonly json: Record<string, unknown> | undefined;
}

export async function runPlugin(call: PluginCall): Promise<PluginRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    CNI_PATH: `${REFERENCE_PLUGINS}:${dirname(call.plugin)}`,
    ...(call.command !== undefined ? { CNI_COMMAND: call.command } : {}),
    ...(call.containerID !== undefined ? { CNI_CONTAINERID: call.containerID } : {}),
    ...(call.ifName !== undefined ? { CNI_IFNAME: call.ifName } : {}),
    ...(call.netns !== undefined ? { CNI_NETNS: call.netns } : {}),
    ...(call.args !== undefined ? { CNI_ARGS: call.args } : {}),
  };
  const argv =
    call.nodeNetns === undefined ? [call.plugin] : ['ip', 'netns', 'exec', call.nodeNetns, call.plugin];
  const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? -1));
    child.stdin.end(call.stdin ?? JSON.stringify(call.config));
  });
  const json = stdout.trim() === '' ? undefined : (JSON.parse(stdout) as Record<string, unknown>);
  return { exitCode, stdout, stderr, json };
}
