import { stringify } from 'yaml';

/**
 * A kubeconfig for the stand-in: one cluster at its http URL, one user with its bearer token, one
 * context. The same file format `kubectl` and `KubeConfig.loadFromFile()` read. client-node refuses a
 * plain-http server unless TLS verification is off, which is all `insecure-skip-tls-verify` does here:
 * the stand-in speaks no TLS and listens on 127.0.0.1 (or, in a lab, an address inside a namespace).
 */
export function standInKubeconfig(server: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'twill-stand-in', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'twill-stand-in', user: { token } }],
    contexts: [{ name: 'twill-stand-in', context: { cluster: 'twill-stand-in', user: 'twill-stand-in' } }],
    'current-context': 'twill-stand-in',
  });
}
