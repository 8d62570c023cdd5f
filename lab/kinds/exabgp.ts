// ExaBGP 4 in the foreground. Its `process` scripts are resolved from the topology's folder.
import { LabError } from '../errors.js';
import { isAlive } from '../netns.js';
import { nodeRun, startDaemon, type NodeContext } from './context.js';
import type { NodeKindRuntime } from './kind.js';

/** Time ExaBGP must stay up to count as started, for failures its --validate cannot see. */
const SETTLE_MS = 1000;
const started = new Map<string, { pid: number; at: number }>();

function environment(ctx: NodeContext): Record<string, string> {
  return {
    exabgp_daemon_user: 'root',
    exabgp_api_cli: 'false',
    exabgp_api_ack: 'false',
    exabgp_log_level: 'WARNING',
    ...ctx.node.env,
  };
}

/**
 * A bad configuration is found by `exabgp --validate` before the daemon starts. Relying on the daemon
 * exiting within SETTLE_MS instead was a race: on a loaded machine Python had not even parsed the file
 * when the window closed, and a rejected configuration counted as started (seen in CI).
 */
async function validate(ctx: NodeContext, config: string): Promise<void> {
  const r = await nodeRun(ctx, ['exabgp', '--validate', config], {
    cwd: ctx.topologyDir,
    env: environment(ctx),
    allowFailure: true,
    timeoutMs: 60_000,
  });
  if (r.code === 0) return;
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /configuration|error|invalid/i.test(l));
  throw new LabError(
    'LAB_NODE_FAILED',
    `${ctx.node.name}: exabgp rejected its configuration ${config} (exabgp --validate exit ${r.code}):\n` +
      lines.slice(-6).join('\n'),
    { node: ctx.node.name },
  );
}

export const exabgpKind: NodeKindRuntime = {
  start: async (ctx) => {
    const config = ctx.node.config as string;
    await validate(ctx, config);
    const pid = startDaemon(ctx, 'exabgp', ['exabgp', config], {
      cwd: ctx.topologyDir,
      env: environment(ctx),
    });
    started.set(ctx.ns, { pid, at: Date.now() });
  },
  // ExaBGP has no control socket here: with its configuration validated, it is up once it has stayed
  // running for a moment (failIfDied in the lab reports it if it exits).
  ready: async (ctx) => {
    const s = started.get(ctx.ns);
    return s !== undefined && isAlive(s.pid) && Date.now() - s.at >= SETTLE_MS;
  },
};
