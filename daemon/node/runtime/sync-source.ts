// Where the node's resources come from: a Syncer over a datastore backend (etcd, Kubernetes), or the
// typha fan-out proxy's client, which has the same shape (start, stop, a SyncerConsumer with the same
// statuses and updates), so the rest of the runtime cannot tell them apart.
import { readFile } from 'node:fs/promises';

import type { Logger } from '../../../common/index.js';
import { Syncer, type Backend, type ResourceKind, type SyncerConsumer } from '../../../datastore/index.js';
import { TyphaClient } from '../../../typha-proxy/index.js';
import { NodeConfigError, type NodeConfig } from '../config/index.js';

export interface SyncSource {
  start(): void;
  stop(): Promise<void>;
}

export type SyncSourceFactory = (consumer: SyncerConsumer, kinds: readonly ResourceKind[]) => SyncSource;

export function backendSyncSource(backend: Backend, log: Logger): SyncSourceFactory {
  return (consumer, kinds) => new Syncer({ backend, kinds, consumer, log });
}

/** typha admits clients by certificate only (mutual TLS); the files are read here, at start. */
export async function typhaSyncSource(
  config: NodeConfig['datastore']['typha'],
  nodeName: string,
  log: Logger,
): Promise<SyncSourceFactory> {
  const read = async (key: 'caFile' | 'certFile' | 'keyFile'): Promise<string> => {
    try {
      return await readFile(config[key], 'utf8');
    } catch (error) {
      throw new NodeConfigError(
        'UNREADABLE_FILE',
        `datastore.typha.${key} ${JSON.stringify(config[key])}: ${(error as Error).message}`,
      );
    }
  };
  const tls = {
    ca: await read('caFile'),
    cert: await read('certFile'),
    key: await read('keyFile'),
    ...(config.serverCommonName === '' ? {} : { servername: config.serverCommonName }),
  };
  return (consumer, kinds) =>
    new TyphaClient({ addresses: config.addresses, tls, consumer, kinds, name: nodeName, log });
}
