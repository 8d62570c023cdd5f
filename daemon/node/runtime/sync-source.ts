// Where the node's resources come from: a Syncer over a datastore backend (etcd, Kubernetes), or the
// typha fan-out proxy's client, which has the same shape (start, stop, a SyncerConsumer with the same
// statuses and updates), so the rest of the runtime cannot tell them apart.
import { readFile } from 'node:fs/promises';

import type { Logger } from '../../../common/index.js';
import { Syncer, type Backend, type ResourceKind, type SyncerConsumer } from '../../../datastore/index.js';
import { TyphaClient } from '../../../typha-proxy/index.js';
import { NodeConfigError, type NodeConfig } from '../config/index.js';
import { DatastoreProbe, type DatastoreConnection } from './datastore-probe.js';

export interface SyncSource {
  start(): void;
  stop(): Promise<void>;
  /** Whether the datastore (or typha) is reachable now; absent when the source cannot tell. */
  connection?(): DatastoreConnection;
}

export type SyncSourceFactory = (
  consumer: SyncerConsumer,
  kinds: readonly ResourceKind[],
  /** Called when the connection state flips (sources that probe it). */
  onConnection?: (connection: DatastoreConnection) => void,
) => SyncSource;

/** With `probeNodeName`, the backend is probed (datastore-probe.ts): the syncer alone cannot see an outage. */
export function backendSyncSource(backend: Backend, log: Logger, probeNodeName?: string): SyncSourceFactory {
  return (consumer, kinds, onConnection) => {
    const syncer = new Syncer({ backend, kinds, consumer, log });
    if (probeNodeName === undefined) return syncer;
    const probe = new DatastoreProbe({
      backend,
      nodeName: probeNodeName,
      onChange: (connection) => {
        const fields = { error: connection.error };
        if (connection.connected) log.info('datastore reachable', fields);
        else log.warn('datastore unreachable; the last data stays in force', fields);
        onConnection?.(connection);
      },
    });
    return {
      start: () => {
        syncer.start();
        probe.start();
      },
      stop: async () => {
        probe.stop();
        await syncer.stop();
      },
      connection: () => probe.connection,
    };
  };
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
  return (consumer, kinds) => {
    const client = new TyphaClient({
      addresses: config.addresses,
      tls,
      consumer,
      kinds,
      name: nodeName,
      log,
    });
    return {
      start: () => client.start(),
      stop: () => client.stop(),
      // Connected: the latest connection got typha's answer to its HELLO and has not ended.
      connection: () => {
        const last = client.connections().at(-1);
        return { connected: last?.start !== undefined && last.endReason === undefined };
      },
    };
  };
}
