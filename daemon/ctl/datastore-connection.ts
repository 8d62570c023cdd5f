/**
 * Where twillctl finds the datastore, with twill-node's own names so one set of settings serves both:
 * flags (`--datastore`, `--etcd-endpoints`, ...) win over TWILL_* variables, which win over the
 * `datastore` section of a twill-node config file (`--config FILE`). The settings go through
 * twill-node's loader (daemon/node/config), so a bad value is reported with its key and where it came
 * from, and the backend is opened the way twill-node opens it (open-datastore.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { errorMessage } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';
import {
  describeSource,
  loadNodeConfig,
  NodeConfigError,
  type ConfigIssue,
  type LoadedNodeConfig,
  type NodeConfig,
} from '../node/config/index.js';
import { openDatastore } from '../node/open-datastore.js';
import { CtlError } from './control-client.js';
import { DATASTORE_FLAG_ENV } from './ctl-flags.js';

export { DATASTORE_FLAG_ENV } from './ctl-flags.js';

/** The twill-node config key each file flag sets, for messages about the file. */
const FLAG_KEY: Readonly<Record<string, string>> = {
  'etcd-ca-file': 'datastore.etcd.caFile',
  'etcd-cert-file': 'datastore.etcd.certFile',
  'etcd-key-file': 'datastore.etcd.keyFile',
  kubeconfig: 'datastore.kubernetes.kubeconfig',
};

/** Flags by canonical name (`datastore`, `etcd-endpoints`, ..., `config`); undefined: not given. */
export type CtlDatastoreFlags = Readonly<Record<string, string | undefined>>;

export interface CtlDatastore {
  readonly backend: Backend;
  /** Where it is, for messages: `etcd http://10.0.0.1:2379`, `Kubernetes API https://...`. */
  readonly where: string;
}

/** Resolves the settings (see the file comment) without connecting. */
export function resolveCtlDatastoreConfig(
  flags: CtlDatastoreFlags,
  env: Readonly<Record<string, string | undefined>>,
): NodeConfig['datastore'] {
  // Only the datastore variables: an unrelated TWILL_* of twill-node must not fail a twillctl command.
  const merged: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^TWILL_(DATASTORE_|ETCD_|KUBECONFIG$)/.test(name)) merged[name] = value;
  }
  const fromFlag = new Map<string, string>();
  for (const [flag, variable] of Object.entries(DATASTORE_FLAG_ENV)) {
    const value = flags[flag];
    if (value === undefined) continue;
    merged[variable] = value;
    fromFlag.set(variable, flag);
  }
  const configFile = flags.config;
  let loaded: LoadedNodeConfig;
  try {
    loaded = loadNodeConfig({
      ...(configFile === undefined ? {} : { file: { path: configFile, text: readConfigFile(configFile) } }),
      env: merged,
      // nodeName is not twillctl's concern, but the loader requires one.
      hostname: 'twillctl',
    });
  } catch (error) {
    if (error instanceof NodeConfigError && error.issues.length > 0)
      throw new CtlError('USAGE', describeIssues(error.issues, fromFlag));
    throw error;
  }
  const datastore = loaded.config.datastore;
  // `--etcd-endpoints URL` alone means etcd: twill-node's default type (kubernetes) would ignore them.
  if (loaded.sources.get('datastore.type')?.kind === 'default' && datastore.etcd.endpoints.length > 0)
    return { ...datastore, type: 'etcd' };
  if (datastore.type === 'kubernetes' && datastore.kubernetes.kubeconfig === '') {
    // As kubectl does: $KUBECONFIG, then ~/.kube/config; in-cluster credentials only without either.
    const kubeconfig = defaultKubeconfig(env);
    if (kubeconfig !== undefined) return { ...datastore, kubernetes: { kubeconfig } };
  }
  return datastore;
}

/** Opens the datastore the flags, environment and config file name (see the file comment). */
export async function openCtlDatastore(
  flags: CtlDatastoreFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CtlDatastore> {
  const config = resolveCtlDatastoreConfig(flags, env);
  if (config.type === 'typha')
    throw new CtlError(
      'USAGE',
      'datastore type typha is read-only fan-out for nodes; point twillctl at etcd (--datastore etcd --etcd-endpoints URL) or Kubernetes (--datastore kubernetes)',
    );
  try {
    return await openDatastore(config);
  } catch (error) {
    // open-datastore names the config key (datastore.etcd.caFile); say which flag set it, if one did.
    let message = errorMessage(error);
    for (const [flag, key] of Object.entries(FLAG_KEY)) {
      if (flags[flag] !== undefined) message = message.replace(key, `${key} (flag --${flag})`);
    }
    throw new CtlError('USAGE', `cannot open the datastore: ${message}`);
  }
}

function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CtlError('USAGE', `--config ${file}: ${errorMessage(error)}`);
  }
}

function defaultKubeconfig(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((file) => file !== '');
  if (fromEnv !== undefined) return fromEnv;
  const home = path.join(env.HOME ?? os.homedir(), '.kube', 'config');
  return existsSync(home) ? home : undefined;
}

function describeIssues(issues: readonly ConfigIssue[], fromFlag: ReadonlyMap<string, string>): string {
  const lines = issues.map((issue) => {
    const flag = issue.source.kind === 'env' ? fromFlag.get(issue.source.variable) : undefined;
    const where = flag === undefined ? describeSource(issue.source) : `flag --${flag}`;
    return `  ${issue.key} (${where}): ${issue.message}`;
  });
  return `invalid datastore settings:\n${lines.join('\n')}`;
}
