// twill-node's additions to the control socket protocol (daemon/bgpd/control-protocol.ts):
//   node.desired        → the calculation graph's latest outputs { identity, bgp, originated, remote, policy }
//   node.kernel-routes  → { desired: routes the reconciler wants (stale ones kept by the restart gate
//                          included), kernel: routes with our protocol in the table now (a fresh dump) }
//   node.snapshot       → NodeRuntime.snapshot(): ready, sync status, peers, kernel/policy apply status
import type { ExtraMethods } from '../../bgpd/control-server.js';
import type { NodeRuntime } from './node-runtime.js';

export const NODE_CONTROL_METHODS = ['node.desired', 'node.kernel-routes', 'node.snapshot'] as const;

export function nodeControlMethods(runtime: NodeRuntime): ExtraMethods {
  return (method) => {
    switch (method) {
      case 'node.desired':
        return Promise.resolve(runtime.desired());
      case 'node.kernel-routes':
        return runtime.kernelRoutes();
      case 'node.snapshot':
        return Promise.resolve(runtime.snapshot());
      default:
        return undefined;
    }
  };
}
