/**
 * Where twillctl finds the datastore, with twill-node's own names: flags (`--datastore`,
 * `--etcd-endpoints`, `--kubeconfig`, ...) win over the TWILL_* variables twill-node reads
 * (TWILL_DATASTORE_TYPE, TWILL_ETCD_ENDPOINTS, TWILL_KUBECONFIG, ...). The values go through
 * twill-node's own loader, so a bad one is reported with its key, and the backend is opened the way
 * twill-node opens it.
 *
 * NOTE for the merge: branch h-ctl has a fuller file of this name (adds `--config FILE` and kubectl's
 * default kubeconfig lookup). This one keeps the same exported names and signatures
 * (`openCtlDatastore(flags, env)`, `CtlDatastore`, `DATASTORE_FLAG_ENV`), so on merge h-ctl's version
 * replaces it as is and `twillctl node status` keeps working.
 */
import { errorMessage } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';
import { loadNodeConfig, NodeConfigError, type NodeConfig } from '../node/config/index.js';
import { openDatastore } from '../node/open-datastore.js';
import { CtlError } from './control-client.js';

/** Flag (without dashes) → the TWILL_* variable twill-node reads for the same key. */
export const DATASTORE_FLAG_ENV: Readonly<Record<string, string>> = {
  datastore: 'TWILL_DATASTORE_TYPE',
  'etcd-endpoints': 'TWILL_ETCD_ENDPOINTS',
  'etcd-prefix': 'TWILL_ETCD_PREFIX',
  'etcd-ca-file': 'TWILL_ETCD_CA_FILE',
  'etcd-cert-file': 'TWILL_ETCD_CERT_FILE',
  'etcd-key-file': 'TWILL_ETCD_KEY_FILE',
  'etcd-username': 'TWILL_ETCD_USERNAME',
  kubeconfig: 'TWILL_KUBECONFIG',
};

export type CtlDatastoreFlags = Readonly<Record<string, string | undefined>>;

export interface CtlDatastore {
  readonly backend: Backend;
  readonly where: string;
}

export function resolveCtlDatastoreConfig(
  flags: CtlDatastoreFlags,
  env: Readonly<Record<string, string | undefined>>,
): NodeConfig['datastore'] {
  // Only the datastore variables: another TWILL_* of twill-node must not fail a twillctl command.
  const merged: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env))
    if (/^TWILL_(DATASTORE_|ETCD_|KUBECONFIG$)/.test(name)) merged[name] = value;
  for (const [flag, variable] of Object.entries(DATASTORE_FLAG_ENV))
    if (flags[flag] !== undefined) merged[variable] = flags[flag];
  try {
    const loaded = loadNodeConfig({ env: merged, hostname: 'twillctl' });
    const datastore = loaded.config.datastore;
    // `--etcd-endpoints URL` alone means etcd: the default type (kubernetes) would ignore them.
    if (loaded.sources.get('datastore.type')?.kind === 'default' && datastore.etcd.endpoints.length > 0)
      return { ...datastore, type: 'etcd' };
    return datastore;
  } catch (error) {
    if (error instanceof NodeConfigError) throw new CtlError('USAGE', error.message);
    throw error;
  }
}

export async function openCtlDatastore(
  flags: CtlDatastoreFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CtlDatastore> {
  const config = resolveCtlDatastoreConfig(flags, env);
  if (config.type === 'typha')
    throw new CtlError(
      'USAGE',
      'twillctl reads etcd (--datastore etcd --etcd-endpoints URL) or Kubernetes, not typha',
    );
  try {
    return await openDatastore(config);
  } catch (error) {
    throw new CtlError('USAGE', `cannot open the datastore: ${errorMessage(error)}`);
  }
}
