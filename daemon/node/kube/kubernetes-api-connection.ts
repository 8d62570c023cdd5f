// Which Kubernetes API twill-node reads Services from and writes Events to (pure; no client loaded).
// Calico reads Services from the Kubernetes API whatever its datastore, so the connection has its own
// key; left empty it follows a Kubernetes datastore, and with etcd or typha it is off.
import type { NodeConfig } from '../config/index.js';

export type KubernetesApiConnection =
  | { readonly kind: 'off'; readonly why: string }
  | { readonly kind: 'in-cluster'; readonly key: string }
  | { readonly kind: 'file'; readonly path: string; readonly key: string };

export function kubernetesApiConnection(config: NodeConfig): KubernetesApiConnection {
  const own = config.kubernetesApi.kubeconfig;
  if (own === 'in-cluster') return { kind: 'in-cluster', key: 'kubernetesApi.kubeconfig' };
  if (own !== '') return { kind: 'file', path: own, key: 'kubernetesApi.kubeconfig' };
  if (config.datastore.type !== 'kubernetes')
    return {
      kind: 'off',
      why: `kubernetesApi.kubeconfig is empty and datastore.type is ${config.datastore.type}`,
    };
  const datastore = config.datastore.kubernetes.kubeconfig;
  return datastore === ''
    ? { kind: 'in-cluster', key: 'datastore.kubernetes.kubeconfig' }
    : { kind: 'file', path: datastore, key: 'datastore.kubernetes.kubeconfig' };
}
