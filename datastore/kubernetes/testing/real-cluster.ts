import {
  ApiextensionsV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';

import { httpStatusOf } from '../api-errors.js';
import { customResourceDefinition, customResourceKinds } from '../crd.js';
import { KubernetesBackend } from '../kubernetes-backend.js';

/** Namespaces the conformance suite puts namespaced objects in; a real server refuses others. */
const TEST_NAMESPACES = ['ns-a', 'ns-b'];

/** Installs Twill's CRDs (if missing) and the suite's namespaces on a real cluster, and waits for them. */
export async function prepareRealCluster(config: KubeConfig): Promise<void> {
  const extensions = config.makeApiClient(ApiextensionsV1Api);
  for (const kind of customResourceKinds()) {
    const body = customResourceDefinition(kind) as unknown as V1CustomResourceDefinition;
    await ignoreConflict(extensions.createCustomResourceDefinition({ body }));
  }
  // A CRD serves its kind only once Established; poll with a deadline.
  const wanted = customResourceKinds().map(crdName);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = await extensions.listCustomResourceDefinition({});
    const established = new Set(
      list.items
        .filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        .map((crd) => crd.metadata?.name),
    );
    if (wanted.every((name) => established.has(name))) break;
    if (Date.now() > deadline) throw new Error(`CRDs not established within 30 s: ${wanted.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const core = config.makeApiClient(CoreV1Api);
  for (const name of TEST_NAMESPACES)
    await ignoreConflict(core.createNamespace({ body: { metadata: { name } } }));
}

/** Deletes every object of every Twill kind: each conformance case starts from an empty datastore. */
export async function wipeTwillObjects(config: KubeConfig): Promise<void> {
  const backend = new KubernetesBackend({ kubeConfig: config });
  try {
    for (const kind of customResourceKinds()) {
      for (const item of (await backend.list(kind)).items) {
        await backend
          .delete(kind, item.metadata.name, { namespace: item.metadata.namespace })
          .catch(() => undefined);
      }
    }
  } finally {
    await backend.close();
  }
}

function crdName(kind: Parameters<typeof customResourceDefinition>[0]): string {
  return String((customResourceDefinition(kind).metadata as { name: string }).name);
}

async function ignoreConflict(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (httpStatusOf(error) !== 409) throw error;
  }
}
