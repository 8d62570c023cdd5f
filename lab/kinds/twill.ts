import { LabError } from '../errors.js';
import type { NodeKindRuntime } from './kind.js';

/**
 * Placeholder for Twill's own node daemon: the topology format and the namespace plumbing are
 * ready for it, the daemon (`twill-node`) is not built yet. Fail loudly rather than bring up a
 * node that silently routes nothing.
 */
export const twillKind: NodeKindRuntime = {
  start: async (ctx) => {
    throw new LabError(
      'LAB_KIND_NOT_IMPLEMENTED',
      `${ctx.node.name}: kind twill needs twill-node, which this version does not have yet`,
      { node: ctx.node.name },
    );
  },
  ready: async () => false,
};
