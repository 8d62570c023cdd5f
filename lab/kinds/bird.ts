// BIRD 2 in the foreground (-f) with its control socket in the node's folder.
import path from 'node:path';
import { nodeRun, startDaemon, type NodeContext } from './context.js';
import type { NodeKindRuntime } from './kind.js';

export function birdSocket(ctx: Pick<NodeContext, 'dir'>): string {
  return path.join(ctx.dir, 'bird.ctl');
}

export const birdKind: NodeKindRuntime = {
  start: async (ctx) => {
    startDaemon(ctx, 'bird', ['bird', '-f', '-c', ctx.node.config as string, '-s', birdSocket(ctx)], {
      cwd: ctx.topologyDir,
    });
  },
  ready: async (ctx) => {
    const r = await nodeRun(ctx, ['birdc', '-s', birdSocket(ctx), 'show', 'status'], {
      allowFailure: true,
      timeoutMs: 5000,
    });
    return r.code === 0 && /Daemon is up and running/.test(r.stdout);
  },
};
