#!/usr/bin/env node
// twill-typha: parses flags/env, builds the backend, starts the server, stops on SIGTERM/SIGINT.
import { readFile } from 'node:fs/promises';

import { errorMessage } from '../../common/index.js';
import { createLogger } from '../../common/log-winston.js';
import { EtcdBackend, type Backend } from '../../datastore/index.js';
import { TyphaServer } from '../../typha-proxy/index.js';
import { parseTyphaConfig, type TyphaConfig } from './config.js';

async function backendFor(config: TyphaConfig): Promise<Backend> {
  if (config.datastore === 'etcd') {
    return new EtcdBackend({
      endpoints: config.etcdEndpoints,
      ...(config.etcdPrefix === undefined ? {} : { keyPrefix: config.etcdPrefix }),
    });
  }
  // Loaded only for this datastore (the Kubernetes client is large).
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { KubernetesBackend } = await import('../../datastore/kubernetes/index.js');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return new KubernetesBackend({ kubeConfig });
}

async function main(): Promise<void> {
  const config = parseTyphaConfig(process.argv.slice(2), process.env);
  const log = createLogger({ component: 'twill-typha', level: config.logLevel, format: config.logFormat });
  const [cert, key, ca] = await Promise.all(
    [config.tlsCertFile, config.tlsKeyFile, config.tlsCaFile].map((file) => readFile(file, 'utf8')),
  );
  const backend = await backendFor(config);
  const server = await TyphaServer.start({
    backend,
    host: config.listen.host,
    port: config.listen.port,
    tls: { cert: cert as string, key: key as string, ca: ca as string },
    allowedPeers: { commonNames: config.allowedCommonNames, uriSans: config.allowedUriSans },
    ...(config.http === undefined ? {} : { http: config.http }),
    ...(config.maxClients === undefined ? {} : { maxClients: config.maxClients }),
    log,
  });
  const shutdown = (signal: string): void => {
    log.info('stopping', { signal });
    void server
      .stop()
      .then(() => backend.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`twill-typha: ${errorMessage(error)}`);
  process.exit(1);
});
