/** `twillctl GROUP --help` for the datastore command groups. */
import { kindSpellings } from './resource-kinds.js';

const DATASTORE_FLAGS = `Datastore (flags win over TWILL_* variables, which win over --config's datastore section):
  --datastore etcd|kubernetes          TWILL_DATASTORE_TYPE (default kubernetes; etcd when only endpoints are given)
  --etcd-endpoints URL[,URL]           TWILL_ETCD_ENDPOINTS
  --etcd-prefix PREFIX                 TWILL_ETCD_PREFIX
  --etcd-ca-file / --etcd-cert-file / --etcd-key-file FILE   TWILL_ETCD_CA_FILE / _CERT_FILE / _KEY_FILE
  --etcd-username NAME                 TWILL_ETCD_USERNAME (password: TWILL_ETCD_PASSWORD only)
  --kubeconfig FILE                    TWILL_KUBECONFIG, then $KUBECONFIG, ~/.kube/config, in-cluster
  --config FILE                        a twill-node config file
`;

const USAGE: Readonly<Record<string, string>> = {
  get: 'twillctl get KIND [NAME...] [-n NS | -A] [-o table|wide|yaml|json] [-l SELECTOR]',
  create: 'twillctl create -f FILE|- [-f ...] [-n NS]      (fails if an object exists)',
  apply: 'twillctl apply -f FILE|- [-f ...] [-n NS]       (creates or updates)',
  replace:
    'twillctl replace -f FILE|- [-f ...] [-n NS]     (fails if an object is missing; CAS on resourceVersion)',
  delete: 'twillctl delete KIND NAME... [-n NS] | delete -f FILE|-',
  patch: `twillctl patch KIND NAME -p '{"spec":{...}}' [-n NS]   (JSON merge patch, RFC 7386)`,
  config: 'twillctl config validate [--node-config FILE] [-f RESOURCES]...',
  ipam: 'twillctl ipam show [--ip IP | --node N] | ipam check | ipam release --ip IP [--force] | --leaked',
};

export function datastoreHelp(group: string): string {
  const usage = USAGE[group] ?? Object.values(USAGE).join('\n');
  const kinds = ['get', 'delete', 'patch'].includes(group) ? `\nKinds:\n${kindSpellings()}\n` : '';
  return `usage: ${usage}\n${kinds}\n${DATASTORE_FLAGS}`;
}
