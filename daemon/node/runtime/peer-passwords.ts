// BGPPeer passwords (Calico's `password.secretKeyRef`) from Kubernetes Secrets in twill-node's namespace.
// The Secret reader (datastore/kubernetes/secret-watch.ts) starts only when a peer first asks for a
// password, so a node without passwords never loads the Kubernetes client nor needs an API server (an
// etcd cluster need not have one). Until the first list answers, a lookup gives the reason, which keeps
// that peer down; the change that follows re-maps the peers.
import { readFileSync } from 'node:fs';

import { errorMessage, type Logger } from '../../../common/index.js';
import type { SecretKeyRef } from '../../../datastore/index.js';
import type { NodeConfig } from '../config/index.js';
import { kubernetesApiConnection } from '../kube/kubernetes-api-connection.js';
import type { PasswordLookup } from '../speaker-peer-config.js';

/** What the passwords need of a Secret reader (SecretWatch). */
export interface SecretReader {
  lookup(name: string, key: string): { readonly value: string } | { readonly reason: string };
  onChange(listener: () => void): () => void;
  start(): void;
  stop(): void;
}

export class PeerPasswords {
  private reader: SecretReader | undefined;
  private opening = false;
  private openError: string | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly namespace: string,
    private readonly open: () => Promise<SecretReader>,
    private readonly log: Logger,
  ) {}

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  readonly lookup: PasswordLookup = (ref: SecretKeyRef) => {
    if (this.reader !== undefined) return this.reader.lookup(ref.name, ref.key);
    this.startReader();
    const why = this.openError ?? 'Secrets not read yet';
    return { reason: `password: Secret ${this.namespace}/${ref.name} key ${ref.key}: ${why}` };
  };

  stop(): void {
    this.reader?.stop();
  }

  private startReader(): void {
    if (this.opening || this.openError !== undefined) return;
    this.opening = true;
    this.open()
      .then((reader) => {
        this.reader = reader;
        reader.onChange(() => this.notify());
        reader.start();
        this.log.info('reading BGP passwords from Kubernetes Secrets', { namespace: this.namespace });
      })
      .catch((error: unknown) => {
        this.openError = `no Kubernetes API to read Secrets from: ${errorMessage(error)}`;
        this.log.error('cannot read BGP passwords from Kubernetes Secrets', { error: this.openError });
        this.notify();
      });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The configured namespace; empty: the pod's own (service account file), else `twill-system`. */
export function passwordSecretsNamespace(configured: string): string {
  if (configured !== '') return configured;
  try {
    const own = readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim();
    if (own !== '') return own;
  } catch {
    // Not in a pod: the manifests' namespace.
  }
  return 'twill-system';
}

/**
 * A SecretWatch on the kubeconfig file given (empty: the in-cluster service account). Loaded lazily:
 * the Kubernetes client costs ~0.7 s of start-up.
 */
export async function openSecretWatch(
  kubeconfig: string,
  namespace: string,
  log: Logger,
): Promise<SecretReader> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { SecretWatch } = await import('../../../datastore/kubernetes/index.js');
  const kubeConfig = new KubeConfig();
  if (kubeconfig === '') kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(kubeconfig);
  return new SecretWatch({ kubeConfig, namespace, log });
}

/** The node's passwords as its configuration says (nothing is read until a peer needs a password). */
export function peerPasswords(config: NodeConfig, log: Logger): PeerPasswords {
  const namespace = passwordSecretsNamespace(config.bgp.passwordSecrets.namespace);
  // The same API server as Services and Events (kubernetesApi.kubeconfig, else a Kubernetes datastore's);
  // with neither, the in-cluster service account: a peer with a password needs some API server.
  const connection = kubernetesApiConnection(config);
  const kubeconfig = connection.kind === 'file' ? connection.path : '';
  return new PeerPasswords(namespace, () => openSecretWatch(kubeconfig, namespace, log), log);
}
