// With the Kubernetes datastore, a pod's labels are the Pod object's: CNI_ARGS names it
// (K8S_POD_NAMESPACE, K8S_POD_NAME) and the plugin reads it with the same kubeconfig. Policy selects
// pods by these labels, so a pod must not come up without them: failure is "try again later".
import { CniError } from './cni-error.js';
import type { Labels } from './labels.js';

export async function kubernetesPodLabels(
  kubeconfigPath: string,
  namespace: string,
  name: string,
): Promise<Labels> {
  const { CoreV1Api, KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  try {
    const pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name });
    return pod.metadata?.labels ?? {};
  } catch (error) {
    throw new CniError(
      'TRY_AGAIN_LATER',
      `cannot read pod ${namespace}/${name} from the Kubernetes API for its labels: ${(error as Error).message}`,
      { cause: error, details: { namespace, name } },
    );
  }
}
