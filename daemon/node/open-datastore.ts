// Opens the datastore twill-node's configuration names. Reads the TLS files here, at the edge, so a
// missing file fails at start with the key that names it.
import { readFile } from 'node:fs/promises';

import { assertNever } from '../../common/index.js';
import { EtcdBackend, type Backend } from '../../datastore/index.js';
import { NodeConfigError } from './config/index.js';
import type { NodeConfig } from './config/index.js';

export interface OpenedDatastore {
  readonly backend: Backend;
  /** Where it is, for messages. */
  readonly where: string;
}

export async function openDatastore(config: NodeConfig['datastore']): Promise<OpenedDatastore> {
  switch (config.type) {
    case 'etcd': {
      const { etcd } = config;
      const read = async (key: 'caFile' | 'certFile' | 'keyFile'): Promise<Buffer | undefined> =>
        etcd[key] === '' ? undefined : readConfiguredFile(`datastore.etcd.${key}`, etcd[key]);
      const [ca, cert, key] = [await read('caFile'), await read('certFile'), await read('keyFile')];
      const credentials =
        ca === undefined && cert === undefined
          ? undefined
          : {
              rootCertificate: ca ?? Buffer.alloc(0),
              ...(cert === undefined ? {} : { certChain: cert, privateKey: key }),
            };
      return {
        backend: new EtcdBackend({
          endpoints: etcd.endpoints,
          ...(etcd.prefix === '' ? {} : { keyPrefix: etcd.prefix }),
          client: {
            ...(credentials === undefined ? {} : { credentials }),
            ...(etcd.username === '' ? {} : { auth: { username: etcd.username, password: etcd.password } }),
          },
        }),
        where: `etcd ${etcd.endpoints.join(', ')}`,
      };
    }
    case 'kubernetes': {
      // Loaded only when used: the Kubernetes client costs ~0.7 s of start-up.
      const { KubeConfig } = await import('@kubernetes/client-node');
      const { KubernetesBackend } = await import('../../datastore/kubernetes/index.js');
      const kubeConfig = new KubeConfig();
      try {
        if (config.kubernetes.kubeconfig === '') kubeConfig.loadFromCluster();
        else kubeConfig.loadFromFile(config.kubernetes.kubeconfig);
      } catch (error) {
        throw new NodeConfigError(
          'UNREADABLE_FILE',
          `datastore.kubernetes.kubeconfig ${JSON.stringify(config.kubernetes.kubeconfig)}: ${(error as Error).message}`,
        );
      }
      return {
        backend: new KubernetesBackend({ kubeConfig }),
        where: `Kubernetes API ${kubeConfig.getCurrentCluster()?.server ?? '(no cluster)'}`,
      };
    }
    case 'typha':
      // The typha client (typha-proxy/) is a sync source, not a Backend: the daemon takes it through
      // runtime/sync-source.ts; --dry-run reads a backend directly.
      throw new NodeConfigError(
        'INVALID_CONFIG',
        'datastore.type typha: --dry-run needs etcd or kubernetes (the daemon itself syncs from typha)',
      );
    default:
      return assertNever(config.type, 'datastore type');
  }
}

async function readConfiguredFile(key: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new NodeConfigError(
      'UNREADABLE_FILE',
      `${key} ${JSON.stringify(path)}: ${(error as Error).message}`,
    );
  }
}
