// Brings the two-rack demo up: the lab (spine, leaves, etcd, four twill-node), the resources written
// into etcd, two pods per node through twill-cni; and down again. Used by `./run lab` and the e2e tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatastoreError, EtcdBackend, type AnyResource, type Backend } from '../../datastore/index.js';
import { etcdSocket } from '../../lab/kinds/etcd.js';
import { Lab } from '../../lab/lab.js';
import { waitFor } from '../../lab/wait.js';
import { addPod, type Pod } from './pods.js';
import { fabricResources, nodeResources, TWO_RACKS, type FabricMode } from './resources.js';

export const TWO_RACK_TOPOLOGY = fileURLToPath(
  new URL('../../../containerlab/two-rack/two-rack.clab.yml', import.meta.url),
);
export const TWILL_NODES = TWO_RACKS.flatMap((r) => r.nodes.map((n) => n.name));

export interface UpOptions {
  mode?: FabricMode;
  name?: string;
  onProgress?: (message: string) => void;
  podsPerNode?: number;
}

export class TwoRackFabric {
  private constructor(
    readonly lab: Lab,
    readonly store: Backend,
    readonly mode: FabricMode,
    readonly pods: Pod[],
  ) {}

  /** etcd's client URL on the management network (what nodes and the CNI use). */
  get etcdEndpoint(): string {
    return `http://${(this.lab.node('etcd').mgmtIpv4 as string).split('/')[0]}:2379`;
  }

  static async up(opts: UpOptions = {}): Promise<TwoRackFabric> {
    const mode = opts.mode ?? 'native';
    const say = opts.onProgress ?? (() => {});
    const lab = await Lab.up(TWO_RACK_TOPOLOGY, {
      ...(opts.name ? { name: opts.name } : {}),
      onProgress: say,
    });
    let store: Backend | undefined;
    try {
      store = new EtcdBackend({
        endpoints: [`unix://${etcdSocket({ dir: lab.nodeDir('etcd') })}`],
      });
      const fabric = new TwoRackFabric(lab, store, mode, []);
      say(
        `writing resources (mode ${mode}): IPPools, BGPConfiguration (mesh off, AS per node), BGPPeers per rack, Nodes`,
      );
      for (const r of [...nodeResources(), ...fabricResources(mode)]) await upsert(store, r);
      say('waiting for every node to peer with its leaf');
      await fabric.waitForTorSessions();
      const perNode = opts.podsPerNode ?? 2;
      say(`creating ${perNode} pods per node with twill-cni`);
      for (const node of TWILL_NODES)
        for (let i = 1; i <= perNode; i++)
          fabric.pods.push(
            await addPod(lab, node, `${node}-p${i}`, fabric.etcdEndpoint, {
              app: i === 1 ? 'web' : 'client',
            }),
          );
      return fabric;
    } catch (err) {
      await store?.close().catch(() => {});
      await lab.down();
      throw err;
    }
  }

  /** Every twill node's sessions to its leaf (IPv4 and IPv6) are Established. */
  async waitForTorSessions(timeoutMs = 90_000): Promise<void> {
    let last = '';
    await waitFor(
      'every twill node to have both leaf sessions Established',
      async () => {
        const states = await Promise.all(
          TWILL_NODES.map(async (n) => {
            const s = await this.lab.sessions(n).catch(() => []);
            return { n, up: s.filter((x) => x.state === 'Established').length, all: s.length };
          }),
        );
        last = states.map((s) => `${s.n} ${s.up}/${s.all}`).join(', ');
        return states.every((s) => s.up >= 2) ? true : undefined;
      },
      { timeoutMs, intervalMs: 1000, describeLast: () => last },
    );
  }

  nodeDir(node: string): string {
    return path.join(this.lab.nodeDir(node));
  }

  async down(): Promise<void> {
    await this.store.close().catch(() => {});
    await this.lab.down();
  }
}

/** Create, or, when it exists (a node may have registered itself), merge our labels and spec into it. */
export async function upsert(store: Backend, resource: AnyResource): Promise<void> {
  try {
    await store.create(resource);
    return;
  } catch (err) {
    if (!(err instanceof DatastoreError) || err.code !== 'ALREADY_EXISTS') throw err;
  }
  for (let attempt = 0; ; attempt++) {
    const current = await store.get(resource.kind as AnyResource['kind'], resource.metadata.name);
    const merged = {
      ...current,
      metadata: {
        ...current.metadata,
        labels: { ...current.metadata.labels, ...resource.metadata.labels },
      },
      spec: { ...(current.spec as object), ...(resource.spec as object) },
    } as AnyResource;
    try {
      await store.update(merged);
      return;
    } catch (err) {
      if (!(err instanceof DatastoreError) || err.code !== 'CONFLICT' || attempt > 5) throw err;
    }
  }
}
