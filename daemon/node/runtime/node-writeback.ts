// Publishes what only this node can know into its Node resource, so the others can peer and route to
// it: the autodetected address when the Node has none (Calico does the same). Compare-and-swap with a
// re-read on conflict; a Node that does not exist yet is created.
import { errorCode, errorMessage, type Logger } from '../../../common/index.js';
import type { Backend, Node } from '../../../datastore/index.js';
import type { AutodetectedAddresses } from '../calc/index.js';

export type WriteBackResult = 'created' | 'updated' | 'unchanged';

export async function writeBackAddresses(
  backend: Backend,
  nodeName: string,
  detected: AutodetectedAddresses,
  log: Logger,
): Promise<WriteBackResult> {
  for (let attempt = 1; ; attempt++) {
    let node: Node | undefined;
    try {
      node = await backend.get('Node', nodeName);
    } catch (error) {
      if (errorCode(error) !== 'NOT_FOUND') throw error;
    }
    const bgp = { ...(node?.spec.bgp ?? {}) } as Record<string, unknown>;
    let changed = false;
    if (bgp['ipv4Address'] === undefined && detected.ipv4 !== undefined) {
      bgp['ipv4Address'] = detected.ipv4.cidr;
      changed = true;
    }
    if (bgp['ipv6Address'] === undefined && detected.ipv6 !== undefined) {
      bgp['ipv6Address'] = detected.ipv6.cidr;
      changed = true;
    }
    if (!changed) return 'unchanged';
    try {
      if (node === undefined) {
        await backend.create<Node>({
          apiVersion: 'twill.dev/v1',
          kind: 'Node',
          metadata: { name: nodeName },
          spec: { bgp },
        } as Node);
        log.info('Node created with the autodetected address', { node: nodeName, bgp });
        return 'created';
      }
      await backend.update<Node>({ ...node, spec: { ...node.spec, bgp } });
      log.info('autodetected address written to the Node', { node: nodeName, bgp });
      return 'updated';
    } catch (error) {
      const code = errorCode(error);
      if ((code === 'CONFLICT' || code === 'ALREADY_EXISTS') && attempt < 5) continue;
      log.warn('could not write the autodetected address to the Node', {
        node: nodeName,
        error: errorMessage(error),
      });
      throw error;
    }
  }
}
