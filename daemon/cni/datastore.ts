// Opens the datastore the network config names. Every call made through it is bounded by the
// invocation's deadline: a runtime waits for the plugin, so an unreachable etcd must become "try again
// later" (code 11) with the endpoint named, not a hung pod sandbox.
import { assertNever } from '../../common/index.js';
import { EtcdBackend, type Backend } from '../../datastore/index.js';
import { CniError } from './cni-error.js';
import type { DatastoreConfig } from './datastore-config.js';

export interface OpenDatastore {
  readonly backend: Backend;
  /** Where it is, for error messages. */
  readonly where: string;
  /** For reading pods' labels from the Kubernetes API (only with the kubernetes datastore). */
  readonly kubeconfigPath?: string;
}

export async function openDatastore(config: DatastoreConfig): Promise<OpenDatastore> {
  switch (config.type) {
    case 'etcd':
      return {
        backend: new EtcdBackend({
          endpoints: config.endpoints,
          ...(config.keyPrefix !== undefined ? { keyPrefix: config.keyPrefix } : {}),
        }),
        where: `etcd ${config.endpoints.join(', ')}`,
      };
    case 'kubernetes': {
      // Loaded only here: the Kubernetes client costs ~0.7 s of start-up on every CNI call.
      const { KubeConfig } = await import('@kubernetes/client-node');
      const { KubernetesBackend } = await import('../../datastore/kubernetes/index.js');
      const kubeConfig = new KubeConfig();
      try {
        kubeConfig.loadFromFile(config.kubeconfig);
      } catch (error) {
        throw new CniError(
          'INVALID_NETWORK_CONFIG',
          `datastore.kubeconfig ${JSON.stringify(config.kubeconfig)} cannot be loaded: ${(error as Error).message}`,
          { details: { field: 'datastore.kubeconfig' } },
        );
      }
      return {
        backend: new KubernetesBackend({ kubeConfig }),
        where: `Kubernetes API ${kubeConfig.getCurrentCluster()?.server ?? '(no cluster in kubeconfig)'}`,
        kubeconfigPath: config.kubeconfig,
      };
    }
    default:
      return assertNever(config, 'datastore type');
  }
}

/** Runs `work`, failing with TRY_AGAIN_LATER if it takes longer than `timeoutMs`. */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CniError(
            'TRY_AGAIN_LATER',
            `${what} did not answer within ${timeoutMs} ms; check that it is reachable from this node`,
            {
              details: { timeoutMs },
            },
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
