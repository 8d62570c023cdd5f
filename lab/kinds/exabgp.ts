// ExaBGP 4 in the foreground. Its `process` scripts are resolved from the topology's folder.
import { isAlive } from '../netns.js';
import { startDaemon } from './context.js';
import type { NodeKindRuntime } from './kind.js';

/** Time ExaBGP must stay up to count as started: a bad configuration makes it exit well within it. */
const SETTLE_MS = 1000;
const started = new Map<string, { pid: number; at: number }>();

export const exabgpKind: NodeKindRuntime = {
  start: async (ctx) => {
    const pid = startDaemon(ctx, 'exabgp', ['exabgp', ctx.node.config as string], {
      cwd: ctx.topologyDir,
      env: {
        exabgp_daemon_user: 'root',
        exabgp_api_cli: 'false',
        exabgp_api_ack: 'false',
        exabgp_log_level: 'WARNING',
        ...ctx.node.env,
      },
    });
    started.set(ctx.ns, { pid, at: Date.now() });
  },
  // ExaBGP has no control socket here; it is up once it has parsed its configuration and is
  // still running (a bad configuration makes it exit at once).
  ready: async (ctx) => {
    const s = started.get(ctx.ns);
    return s !== undefined && isAlive(s.pid) && Date.now() - s.at >= SETTLE_MS;
  },
};
