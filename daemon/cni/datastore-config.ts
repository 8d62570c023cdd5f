// Where the datastore is, from the network config's `datastore` object:
//   { "type": "etcd", "endpoints": ["http://10.0.0.1:2379"], "keyPrefix": "/prod" }
//   { "type": "kubernetes", "kubeconfig": "/etc/cni/net.d/twill-kubeconfig" }
// etcd endpoints may also be `unix:///path` (etcd's --listen-client-urls accepts unix sockets).
import { ConfigFields } from './config-fields.js';
import { CniError } from './cni-error.js';

export type DatastoreConfig =
  | {
      readonly type: 'etcd';
      readonly endpoints: readonly string[];
      readonly keyPrefix?: string;
    }
  | { readonly type: 'kubernetes'; readonly kubeconfig: string };

const ENDPOINT = /^(https?:\/\/[^\s/]+\/?|unix:\/\/\/?\S+)$/;

export function readDatastoreConfig(fields: ConfigFields): DatastoreConfig {
  const type = fields.string('type', { required: true }) as string;
  switch (type) {
    case 'etcd': {
      const endpoints = fields.strings('endpoints');
      if (endpoints === undefined || endpoints.length === 0) {
        throw new CniError(
          'INVALID_NETWORK_CONFIG',
          `${fields.at('endpoints')} is required for an etcd datastore: a list like ["http://10.0.0.1:2379"]`,
          { details: { field: fields.at('endpoints') } },
        );
      }
      const bad = endpoints.find((e) => !ENDPOINT.test(e));
      if (bad !== undefined) {
        throw new CniError(
          'INVALID_NETWORK_CONFIG',
          `${fields.at('endpoints')}: ${JSON.stringify(bad)} is not an etcd URL (http://host:port, https://host:port or unix:///path)`,
          { details: { field: fields.at('endpoints'), value: bad } },
        );
      }
      const keyPrefix = fields.string('keyPrefix');
      fields.rejectUnknown();
      return { type, endpoints, ...(keyPrefix !== undefined ? { keyPrefix } : {}) };
    }
    case 'kubernetes': {
      const kubeconfig = fields.string('kubeconfig', { required: true }) as string;
      fields.rejectUnknown();
      return { type, kubeconfig };
    }
    default:
      throw new CniError(
        'INVALID_NETWORK_CONFIG',
        `${fields.at('type')} must be "etcd" or "kubernetes", got ${JSON.stringify(type)}`,
        { details: { field: fields.at('type'), value: type } },
      );
  }
}
