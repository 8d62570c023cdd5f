// A node kind knows how to start its processes in a namespace and how to tell that they are up.
import type { NodeContext } from './context.js';

export interface NodeKindRuntime {
  /** Starts the node's processes; returns when they have been launched (not necessarily ready). */
  start(ctx: NodeContext): Promise<void>;
  /** One cheap probe: true when the node's processes answer. The lab polls it with a deadline. */
  ready(ctx: NodeContext): Promise<boolean>;
  /** Runs once after `ready` (e.g. loading a configuration through the router's CLI). */
  configure?(ctx: NodeContext): Promise<void>;
  /**
   * Run the node's `exec` lines before `start` rather than after `ready`: for a host whose daemon finds
   * its addresses at start (twill-node autodetects on eth1), as a real machine is configured before it
   * boots its node agent.
   */
  execFirst?: boolean;
}
