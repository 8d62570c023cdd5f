// gobgpd stays in the foreground; its gRPC API listens on the namespace's own loopback.
import { nodeRun, startDaemon } from './context.js';
import type { NodeKindRuntime } from './kind.js';

export const GOBGP_API = { host: '127.0.0.1', port: 50051 };

export const gobgpKind: NodeKindRuntime = {
  start: async (ctx) => {
    startDaemon(
      ctx,
      'gobgpd',
      [
        'gobgpd',
        '-f',
        ctx.node.config as string,
        '--api-hosts',
        `${GOBGP_API.host}:${GOBGP_API.port}`,
        '--pprof-disable',
      ],
      { cwd: ctx.topologyDir },
    );
  },
  ready: async (ctx) => {
    const r = await nodeRun(
      ctx,
      ['gobgp', '-u', GOBGP_API.host, '-p', String(GOBGP_API.port), 'global', '-j'],
      {
        allowFailure: true,
        timeoutMs: 5000,
      },
    );
    return r.code === 0;
  },
};
