// What every datastore-using command holds for one invocation: the datastore, the host's netlink socket,
// the node name; closed in one place, whatever happened.
import { IpamAllocator } from '../../ipam/index.js';
import { openDatastore, withDeadline, type OpenDatastore } from './datastore.js';
import { Kernel } from './kernel.js';
import type { NetConfig } from './net-config.js';
import { nodeNameOf } from './names.js';

export interface Session {
  readonly config: NetConfig;
  readonly node: string;
  readonly store: OpenDatastore;
  readonly ipam: IpamAllocator;
  /** The node's namespace (this process's). */
  readonly host: Kernel;
}

export async function withSession<T>(config: NetConfig, work: (session: Session) => Promise<T>): Promise<T> {
  const node = nodeNameOf(config.nodeName);
  const store = await openDatastore(config.datastore);
  const host = new Kernel();
  try {
    const ipam = new IpamAllocator({ backend: store.backend, node });
    return await withDeadline(work({ config, node, store, ipam, host }), config.timeoutMs, store.where);
  } finally {
    host.close();
    await store.backend.close();
  }
}
