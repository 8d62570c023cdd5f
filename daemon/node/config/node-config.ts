// The typed, checked configuration twill-node runs with (what load.ts returns).
import type { LogLevel } from '../../../common/index.js';
import type { FailsafePort } from '../../../routing/nftables/index.js';
import type { AutodetectionMethod } from './autodetection-method.js';

export type DatastoreType = 'etcd' | 'kubernetes' | 'typha';

export interface TlsFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface NodeConfig {
  readonly nodeName: string;
  readonly datastore: {
    readonly type: DatastoreType;
    readonly etcd: TlsFiles & {
      readonly endpoints: readonly string[];
      readonly prefix: string;
      readonly username: string;
      readonly password: string;
    };
    readonly kubernetes: { readonly kubeconfig: string };
    readonly typha: TlsFiles & { readonly addresses: readonly string[]; readonly serverCommonName: string };
  };
  readonly log: { readonly level: LogLevel; readonly format: 'json' | 'human' };
  readonly bgp: {
    readonly enabled: boolean;
    readonly listenPort: number;
    readonly gracefulRestartTimeSec: number;
    /** Where BGPPeer password Secrets are read (namespace '' and kubeconfig '' are resolved at start). */
    readonly passwordSecrets: { readonly namespace: string };
  };
  readonly autodetection: { readonly ipv4: AutodetectionMethod; readonly ipv6: AutodetectionMethod };
  readonly dataplane: {
    readonly routeTable: number;
    readonly routeProtocol: number;
    /** 0: detect. */
    readonly mtu: number;
    readonly vxlanVni: number;
    readonly vxlanPort: number;
    readonly wireguardListenPort: number;
    readonly wireguardSocketDir: string;
  };
  readonly policy: { readonly enabled: boolean; readonly failsafeInboundPorts: readonly FailsafePort[] };
  readonly control: { readonly socket: string };
  readonly restart: { readonly stateFile: string };
  /** undefined: off. */
  readonly metrics: { readonly listen: string | undefined };
  readonly health: { readonly listen: string | undefined };
  /** Services/EndpointSlices and Events through the Kubernetes API (daemon/node/kube). */
  readonly kubernetesApi: {
    /** '' (the datastore's when it is kubernetes, else none), 'in-cluster', or a kubeconfig path. */
    readonly kubeconfig: string;
    readonly services: boolean;
    readonly serviceCoalesceMs: number;
    readonly events: boolean;
    readonly eventBurst: number;
    readonly eventRefillIntervalSec: number;
  };
}
