import { KubeConfig } from '@kubernetes/client-node';

import { KubernetesBackend, type KubernetesBackendOptions } from '../kubernetes-backend.js';
import { StandInApiServer, type StandInOptions } from '../stand-in/api-server.js';

export interface StandInHarness {
  readonly standIn: StandInApiServer;
  readonly backend: KubernetesBackend;
  readonly kubeConfig: KubeConfig;
  close(): Promise<void>;
}

/** A stand-in API server and a backend pointed at it through the kubeconfig the stand-in generates. */
export async function startStandInBackend(
  options: StandInOptions & Omit<Partial<KubernetesBackendOptions>, 'kubeConfig'> = {},
): Promise<StandInHarness> {
  const standIn = await StandInApiServer.start(options);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(standIn.kubeconfig());
  const backend = new KubernetesBackend({ watchRetryDelayMs: 20, ...options, kubeConfig });
  return {
    standIn,
    backend,
    kubeConfig,
    close: async () => {
      await backend.close();
      await standIn.stop();
    },
  };
}

/** A raw request with the stand-in's credentials, as another client (kubectl) would send it. */
export async function fetchAs(
  harness: StandInHarness,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const user = harness.kubeConfig.getCurrentUser();
  return fetch(`${harness.standIn.address}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user?.token ?? ''}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
