// main.ts's one call: start the Kubernetes API parts when a connection is configured, or log that they
// are off (and what is then missing). The client is imported only in the first case.
import type { Logger } from '../../../common/index.js';
import type { NodeConfig } from '../config/index.js';
import type { NodeRuntime } from '../runtime/node-runtime.js';
import { kubernetesApiConnection } from './kubernetes-api-connection.js';

export async function wireKubernetesApi(
  config: NodeConfig,
  runtime: NodeRuntime,
  log: Logger,
): Promise<{ close(): void }> {
  const connection = kubernetesApiConnection(config);
  if (connection.kind === 'off') {
    log.info(
      'Kubernetes API off: no per-service /32s for externalTrafficPolicy Local, no Events for ignored resources',
      { why: connection.why, set: 'kubernetesApi.kubeconfig' },
    );
    return { close: () => {} };
  }
  const { startKubernetesExtras } = await import('./kubernetes-extras.js');
  return startKubernetesExtras(config, connection, runtime, log);
}
