// The Kubernetes API parts of twill-node outside the datastore, wired onto a running NodeRuntime:
// the Service/EndpointSlice watcher (→ per-service /32s) and the Event recorder (→ an Event per ignored
// resource). Loaded by main.ts only when a connection is configured (the client costs start-up time).
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

import type { Logger } from '../../../common/index.js';
import { fromJson, httpStatusOf, toJson, type KubeObject } from '../../../datastore/kubernetes/index.js';
import type { NodeConfig } from '../config/index.js';
import { NodeConfigError } from '../config/index.js';
import type { NodeRuntime } from '../runtime/node-runtime.js';
import { EventRecorder, type EventApi, type EventObject } from './event-recorder.js';
import { invalidResourceEvent } from './invalid-resource-event.js';
import type { KubernetesApiConnection } from './kubernetes-api-connection.js';
import { ServiceWatcher } from './service-watcher.js';

export interface KubernetesExtras {
  readonly services: ServiceWatcher | undefined;
  readonly events: EventRecorder | undefined;
  close(): void;
}

export function startKubernetesExtras(
  config: NodeConfig,
  connection: Exclude<KubernetesApiConnection, { kind: 'off' }>,
  runtime: Pick<NodeRuntime, 'applyServiceChanges' | 'onRejectedResource'>,
  log: Logger,
): KubernetesExtras {
  const kubeConfig = loadKubeConfig(connection);
  const settings = config.kubernetesApi;
  const server = kubeConfig.getCurrentCluster()?.server ?? '(no cluster)';
  let services: ServiceWatcher | undefined;
  if (settings.services) {
    services = new ServiceWatcher({
      kubeConfig,
      nodeName: config.nodeName,
      coalesceMs: settings.serviceCoalesceMs,
      log: log.child({ component: 'services' }),
      onChanges: (changes) => runtime.applyServiceChanges(changes),
    });
    services.start();
  }
  let events: EventRecorder | undefined;
  if (settings.events) {
    events = new EventRecorder({
      api: eventApi(kubeConfig),
      nodeName: config.nodeName,
      log: log.child({ component: 'events' }),
      burst: settings.eventBurst,
      refillIntervalMs: settings.eventRefillIntervalSec * 1000,
      statusOf: httpStatusOf,
    });
    const recorder = events;
    const isKubernetesObject = config.datastore.type === 'kubernetes';
    runtime.onRejectedResource((resource, issues) =>
      recorder.record(invalidResourceEvent(resource, issues, isKubernetesObject)),
    );
  }
  log.info('Kubernetes API', {
    server,
    from: connection.key,
    services: settings.services
      ? 'watched: ExternalTrafficPolicy Local /32s advertised'
      : 'off (kubernetesApi.services)',
    events: settings.events ? 'on (reason InvalidResource)' : 'off (kubernetesApi.events)',
  });
  return {
    services,
    events,
    close: () => {
      services?.stop();
      events?.close();
    },
  };
}

function loadKubeConfig(connection: Exclude<KubernetesApiConnection, { kind: 'off' }>): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (connection.kind === 'in-cluster') kubeConfig.loadFromCluster();
    else kubeConfig.loadFromFile(connection.path);
  } catch (error) {
    const what = connection.kind === 'file' ? JSON.stringify(connection.path) : 'in-cluster';
    throw new NodeConfigError('UNREADABLE_FILE', `${connection.key} ${what}: ${(error as Error).message}`);
  }
  return kubeConfig;
}

export function eventApi(kubeConfig: KubeConfig): EventApi {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const type = 'CoreV1Event';
  return {
    create: async (namespace, body) =>
      toJson(
        await api.createNamespacedEvent({ namespace, body: fromJson(body as unknown as KubeObject, type) }),
        type,
      ) as unknown as EventObject,
    replace: async (namespace, name, body) =>
      toJson(
        await api.replaceNamespacedEvent({
          namespace,
          name,
          body: fromJson(body as unknown as KubeObject, type),
        }),
        type,
      ) as unknown as EventObject,
  };
}
