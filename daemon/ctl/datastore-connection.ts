/**
 * Where twillctl finds the datastore: flags (`--datastore etcd|kubernetes`, `--etcd-endpoints URL,...`,
 * `--kubeconfig FILE`) over TWILL_DATASTORE_TYPE / TWILL_ETCD_ENDPOINTS / TWILL_KUBECONFIG. A minimal
 * version for `twillctl explain`; helper h-ctl's fuller one (twill-node's loader, TLS, --config) has the
 * same name and signature and replaces it on merge. Opening reuses twill-node's open-datastore.ts.
 */
import { errorMessage } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';
import { openDatastore } from '../node/open-datastore.js';
import { CtlError } from './control-client.js';

/** Flags by canonical name (`datastore`, `etcd-endpoints`, `kubeconfig`); undefined: not given. */
export type CtlDatastoreFlags = Readonly<Record<string, string | undefined>>;

export interface CtlDatastore {
  readonly backend: Backend;
  /** Where it is, for messages. */
  readonly where: string;
}

export async function openCtlDatastore(
  flags: CtlDatastoreFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CtlDatastore> {
  const endpoints = (flags['etcd-endpoints'] ?? env.TWILL_ETCD_ENDPOINTS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const kubeconfig = flags.kubeconfig ?? env.TWILL_KUBECONFIG ?? '';
  const type = flags.datastore ?? env.TWILL_DATASTORE_TYPE ?? (endpoints.length > 0 ? 'etcd' : 'kubernetes');
  if (type !== 'etcd' && type !== 'kubernetes')
    throw new CtlError('USAGE', `--datastore must be etcd or kubernetes, got ${JSON.stringify(type)}`);
  if (type === 'etcd' && endpoints.length === 0)
    throw new CtlError('USAGE', 'datastore etcd needs --etcd-endpoints (or TWILL_ETCD_ENDPOINTS)');
  const tls = { caFile: '', certFile: '', keyFile: '' };
  try {
    return await openDatastore({
      type,
      etcd: { ...tls, endpoints, prefix: '', username: '', password: '' },
      kubernetes: { kubeconfig },
      typha: { ...tls, addresses: [], serverCommonName: '' },
    });
  } catch (error) {
    throw new CtlError('USAGE', `cannot open the datastore: ${errorMessage(error)}`);
  }
}
