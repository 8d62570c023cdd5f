#!/usr/bin/env node
// twill-node: the per-node daemon. Wiring only; the runtime is in runtime/ (node-runtime.ts).
//   twill-node [--config FILE]                  run the daemon
//   twill-node [--config FILE] --print-config   the effective configuration, secrets masked
//   twill-node [--config FILE] --dry-run        the desired state computed from the datastore, as JSON
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

import { errorMessage } from '../../common/index.js';
import { createLogger } from '../../common/log-winston.js';
import { ControlServer } from '../bgpd/control-server.js';
import { loadNodeConfig, NodeConfigError, printNodeConfig } from './config/index.js';
import { dryRun } from './dry-run.js';
import { wireKubernetesApi } from './kube/wire-kubernetes-api.js';
import { openDatastore } from './open-datastore.js';
import { startRuntimeObservability } from './observability/runtime-wiring.js';
import { nodeControlMethods } from './runtime/node-control.js';
import { NodeRuntime } from './runtime/node-runtime.js';
import { takeRestartMarker } from './runtime/restart-state.js';
import { backendSyncSource, typhaSyncSource, type SyncSourceFactory } from './runtime/sync-source.js';
import type { Backend } from '../../datastore/index.js';

const USAGE = `usage: twill-node [--config FILE] [--print-config | --dry-run]
  --config FILE    YAML or JSON configuration (also TWILL_CONFIG); TWILL_* variables override it
  (no mode)        run the daemon
  --print-config   print the effective configuration (secrets masked) and exit
  --dry-run        sync the datastore, print the calculated desired state as JSON, and exit`;

async function main(argv: readonly string[]): Promise<number> {
  let values: { config?: string; 'print-config'?: boolean; 'dry-run'?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'print-config': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${errorMessage(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const path = values.config ?? process.env['TWILL_CONFIG'];
  const file = path === undefined ? undefined : { path, text: await readConfigFile(path) };
  // TWILL_CONFIG names the file; it is not a key, so keep it out of the unused-variable warning.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'TWILL_CONFIG'));
  const loaded = loadNodeConfig({ ...(file === undefined ? {} : { file }), env, hostname: hostname() });
  for (const name of loaded.unusedEnvironment)
    process.stderr.write(`warning: ${name} is set but no key reads it\n`);
  if (values['print-config'] === true) {
    process.stdout.write(printNodeConfig(loaded));
    return 0;
  }
  if (values['dry-run'] === true) {
    const { backend, where } = await openDatastore(loaded.config.datastore);
    process.stderr.write(`syncing from ${where}\n`);
    try {
      const result = await dryRun(loaded.config, backend);
      for (const skipped of result.autodetectionSkipped)
        process.stderr.write(
          `note: autodetection ${skipped} needs the kernel and was not run in --dry-run\n`,
        );
      process.stdout.write(`${JSON.stringify(result.desired, null, 2)}\n`);
    } finally {
      await backend.close();
    }
    return 0;
  }
  return runDaemon(loaded.config);
}

/** Runs until SIGTERM/SIGINT; kernel routes, nftables and peers' graceful restart keep forwarding after. */
async function runDaemon(config: Parameters<typeof dryRun>[0]): Promise<number> {
  const log = createLogger({
    component: 'twill-node',
    level: config.log.level,
    format: config.log.format,
  }).child({
    nodeName: config.nodeName,
  });
  const previous = await takeRestartMarker(config.restart.stateFile, config.nodeName);
  let backend: Backend | undefined;
  let source: SyncSourceFactory;
  if (config.datastore.type === 'typha') {
    source = await typhaSyncSource(config.datastore.typha, config.nodeName, log);
    log.info('datastore', { where: `typha ${config.datastore.typha.addresses.join(', ')}` });
    // typha is read-only. As calico-node writes its own Node directly while Felix reads through typha,
    // etcd endpoints given next to typha are used for this node's own writes (address, VTEP, key).
    if (config.datastore.etcd.endpoints.length > 0) {
      const writer = await openDatastore({ ...config.datastore, type: 'etcd' });
      backend = writer.backend;
      log.info("datastore for this node's own writes", { where: writer.where });
    }
  } else {
    const opened = await openDatastore(config.datastore);
    backend = opened.backend;
    source = backendSyncSource(opened.backend, log, config.nodeName);
    log.info('datastore', { where: opened.where });
  }
  const runtime = new NodeRuntime(config, source, backend, log, previous !== undefined);
  const control = await ControlServer.listen(
    config.control.socket,
    () => runtime.currentSpeaker(),
    log.child({ component: 'control' }),
    undefined,
    nodeControlMethods(runtime),
  );
  log.info('control socket listening', { socket: config.control.socket });
  // Status write-back, /metrics and /livez + /readyz (daemon/node/observability), before start so the
  // probes answer ("starting") while the node syncs.
  const observability = await startRuntimeObservability({
    config,
    runtime,
    backend,
    log,
    version: await packageVersion(),
  });
  // Services/EndpointSlices (per-service /32s) and Events, through the Kubernetes API when configured.
  const kubernetesApi = await wireKubernetesApi(config, runtime, log);
  await runtime.start();
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      log.info('stopping; kernel routes and nftables stay in place', { signal });
      kubernetesApi.close();
      void Promise.allSettled([observability.close(), runtime.stop(), control.close()]).then(() =>
        resolve(0),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** The package's version, for status and twill_build_info; `unknown` if package.json is not shipped. */
async function packageVersion(): Promise<string> {
  try {
    const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new NodeConfigError('UNREADABLE_FILE', `--config ${path}: ${errorMessage(error)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // exit() rather than waiting for the event loop: sockets to peers close without a NOTIFICATION.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`twill-node: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  },
);
