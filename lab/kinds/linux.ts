import type { NodeKindRuntime } from './kind.js';

/** A plain host or pod: the namespace and its links are the whole node; `exec` configures it. */
export const linuxKind: NodeKindRuntime = {
  start: async () => {},
  ready: async () => true,
};
