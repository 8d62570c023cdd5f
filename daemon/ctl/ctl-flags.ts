/**
 * The flags of every twillctl command group, in argv.ts's one shape. Kept apart from the groups (which
 * main.ts loads on use) so that finding the group in argv costs no datastore client.
 */
import type { FlagSpec } from './argv.js';

/** Datastore flag (canonical name) → the TWILL_* variable twill-node reads for the same key. */
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

const values = (...names: string[]): FlagSpec[] => names.map((name) => ({ names: [name] }));
const OUTPUT: FlagSpec = { names: ['output', 'o'] };
/** How to reach the datastore (datastore-connection.ts). */
const DATASTORE: readonly FlagSpec[] = values(...Object.keys(DATASTORE_FLAG_ENV));

/** `bgp peers|routes|peer|drain|reload` over twill-bgpd's control socket. */
export const BGP_FLAGS: readonly FlagSpec[] = [OUTPUT, ...values('socket', 'peer', 'afi', 'message')];

/** get, create, apply, replace, delete, patch, config validate, ipam. */
export const DATASTORE_GROUP_FLAGS: readonly FlagSpec[] = [
  OUTPUT,
  { names: ['namespace', 'n'] },
  { names: ['all-namespaces', 'A'], type: 'boolean' },
  { names: ['selector', 'l'] },
  { names: ['filename', 'f'], repeatable: true },
  { names: ['patch', 'p'] },
  { names: ['force'], type: 'boolean' },
  { names: ['leaked'], type: 'boolean' },
  ...values('ip', 'node', 'node-config'),
  { names: ['help', 'h'], type: 'boolean' },
  ...DATASTORE,
  ...values('config'),
  // A global flag of the bgp group: accepted anywhere rather than an error.
  ...values('socket'),
];

/** `node status`: TwillNodeStatus from the datastore. */
export const NODE_FLAGS: readonly FlagSpec[] = [
  OUTPUT,
  ...values('node', 'stale-after'),
  { names: ['all'], type: 'boolean' },
  ...DATASTORE,
];

/** `explain route PREFIX`. */
export const EXPLAIN_FLAGS: readonly FlagSpec[] = [
  OUTPUT,
  ...values('node', 'socket', 'netns', 'datastore', 'etcd-endpoints', 'kubeconfig'),
];

/** `diags`: a support bundle. */
export const DIAGS_FLAGS: readonly FlagSpec[] = values(
  'out',
  'socket',
  'node-config',
  'bgpd-config',
  'log-file',
  'journal-unit',
  'netns',
  'datastore',
  'etcd-endpoints',
  'kubeconfig',
);

/** Every group's flags: for finding the group word whatever flags precede it. */
export const ALL_FLAGS: readonly FlagSpec[] = [
  ...BGP_FLAGS,
  ...DATASTORE_GROUP_FLAGS,
  ...NODE_FLAGS,
  ...EXPLAIN_FLAGS,
  ...DIAGS_FLAGS,
];
