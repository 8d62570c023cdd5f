// Wires one encapsulation manager, a route reconciler and the EncapDataplane driver per fabric node,
// each talking netlink into its node's namespace from this one test process, and tells every node
// about the other two, as the datastore would.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EncapManager, LinkOps, RemoteNode } from '../../encap/index.js';
import { KernelLinkOps } from '../../encap/index.js';
import { RouteTableReconciler } from '../../routetable/index.js';
import { EncapDataplane } from '../encap-dataplane.js';
import type { Fabric, FabricNode } from './fabric.js';

export interface WiredNode {
  readonly node: FabricNode;
  readonly ops: LinkOps;
  readonly manager: EncapManager;
  readonly dataplane: EncapDataplane;
  readonly reconciler: RouteTableReconciler;
}

export interface Wiring {
  readonly nodes: readonly WiredNode[];
  /** Tells each node about the others (with what `publish` says of them) and applies everywhere. */
  sync(publish: (node: WiredNode) => Partial<RemoteNode>): Promise<void>;
  close(): void;
}

export function wireFabric(
  fabric: Fabric,
  makeManager: (node: FabricNode, ops: LinkOps) => EncapManager,
): Wiring {
  const nodes: WiredNode[] = [];
  const close = () => {
    for (const w of nodes) {
      w.reconciler.close();
      w.ops.close();
    }
  };
  try {
    for (const node of fabric.nodes) {
      const ops = new KernelLinkOps({ netns: node.ns });
      const reconciler = new RouteTableReconciler({ netns: node.ns, tables: [254] });
      const manager = makeManager(node, ops);
      const dataplane = new EncapDataplane({ manager, routes: reconciler });
      dataplane.onLocalUpdate({ name: node.name, address: node.address });
      nodes.push({ node, ops, manager, dataplane, reconciler });
    }
  } catch (err) {
    close();
    throw err;
  }
  return {
    nodes,
    async sync(publish) {
      for (const w of nodes) {
        for (const other of nodes) {
          if (other === w) continue;
          w.dataplane.onRemoteUpdate({
            name: other.node.name,
            address: other.node.address,
            blocks: [other.node.block],
            ...publish(other),
          });
        }
      }
      for (const w of nodes) {
        const result = await w.dataplane.completeDeferredWork();
        if (result.failed > 0) throw new Error(`${w.node.name}: ${result.failed} routes failed`);
      }
    },
    close,
  };
}

/** Kills the wireguard-go daemons this test started in `namespaces` (by pid, found in the namespace). */
export function killWireGuardGo(namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    let pids: string[];
    try {
      pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      continue;
    }
    for (const pid of pids) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'wireguard-go')
          process.kill(Number(pid), 'SIGTERM');
      } catch {
        // Exited meanwhile.
      }
    }
  }
}
