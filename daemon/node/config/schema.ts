// twill-node's configuration keys: one schema, read by convict from a file (YAML or JSON) and from
// TWILL_* environment variables (which win over the file, as convict orders them). Every key has a doc
// string; `twill-node --print-config` shows the effective values with secrets masked.
import { DEFAULT_FAILSAFE_PORTS } from '../../../routing/nftables/index.js';

export const NODE_CONFIG_SCHEMA = {
  nodeName: {
    doc: "This node's name; must equal its Node resource's name. Empty: the host name.",
    format: String,
    default: '',
    env: 'TWILL_NODENAME',
  },
  datastore: {
    type: {
      doc: 'Where resources are read from: etcd (v3), kubernetes (the API server) or typha (the fan-out proxy).',
      format: ['etcd', 'kubernetes', 'typha'],
      default: 'kubernetes',
      env: 'TWILL_DATASTORE_TYPE',
    },
    etcd: {
      endpoints: {
        doc: 'etcd client URLs (comma-separated in the environment). Required when type is etcd.',
        format: 'twill-endpoint-urls',
        default: [] as string[],
        env: 'TWILL_ETCD_ENDPOINTS',
      },
      prefix: {
        doc: 'Key prefix under which Twill stores resources in etcd (empty: the default /twill.dev/v1).',
        format: String,
        default: '',
        env: 'TWILL_ETCD_PREFIX',
      },
      caFile: {
        doc: "PEM CA bundle that signs the etcd servers' certificates (empty: plain HTTP or system CAs).",
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_ETCD_CA_FILE',
      },
      certFile: {
        doc: 'PEM client certificate for etcd (set together with keyFile).',
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_ETCD_CERT_FILE',
      },
      keyFile: {
        doc: 'PEM private key of certFile.',
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_ETCD_KEY_FILE',
      },
      username: {
        doc: 'etcd user name for password authentication (empty: none).',
        format: String,
        default: '',
        env: 'TWILL_ETCD_USERNAME',
      },
      password: {
        doc: 'etcd password; never printed.',
        format: String,
        default: '',
        env: 'TWILL_ETCD_PASSWORD',
        sensitive: true,
      },
    },
    kubernetes: {
      kubeconfig: {
        doc: 'kubeconfig file (empty: the in-cluster service account).',
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_KUBECONFIG',
      },
    },
    typha: {
      addresses: {
        doc: 'twill-typha HOST:PORT addresses, tried in order. Required when type is typha.',
        format: 'twill-host-ports',
        default: [] as string[],
        env: 'TWILL_TYPHA_ADDRESSES',
      },
      caFile: {
        doc: "PEM CA that signs typha's server certificate. Required when type is typha.",
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_TYPHA_CA_FILE',
      },
      certFile: {
        doc: 'PEM client certificate presented to typha. Required when type is typha.',
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_TYPHA_CERT_FILE',
      },
      keyFile: {
        doc: 'PEM private key of certFile. Required when type is typha.',
        format: 'twill-file-path',
        default: '',
        env: 'TWILL_TYPHA_KEY_FILE',
      },
      serverCommonName: {
        doc: "Common name typha's certificate must carry (empty: any certificate of caFile).",
        format: String,
        default: 'twill-typha',
        env: 'TWILL_TYPHA_SERVER_CN',
      },
    },
  },
  log: {
    level: {
      doc: 'Least severe level written: debug, info, warn or error.',
      format: 'twill-log-level',
      default: 'info',
      env: 'TWILL_LOG_LEVEL',
    },
    format: {
      doc: 'json (one object per line, for collectors) or human (for a terminal).',
      format: ['json', 'human'],
      default: 'json',
      env: 'TWILL_LOG_FORMAT',
    },
  },
  bgp: {
    enabled: {
      doc: 'Run the BGP speaker. false: policy-only mode (routes come from elsewhere, e.g. a cloud VPC).',
      format: 'twill-boolean',
      default: true,
      env: 'TWILL_BGP_ENABLED',
    },
    listenPort: {
      doc: 'TCP port the speaker listens on (RFC 4271 §8.2.1: 179). BGPConfiguration.listenPort overrides it.',
      format: 'twill-port',
      default: 179,
      env: 'TWILL_BGP_LISTEN_PORT',
    },
    gracefulRestartTimeSec: {
      doc:
        'Graceful restart (RFC 4724) Restart Time advertised to every peer: how long they keep our routes ' +
        'while twill-node restarts; also the longest a restarted node waits for End-of-RIB before it ' +
        'deletes stale kernel routes.',
      format: 'twill-restart-time',
      default: 120,
      env: 'TWILL_BGP_GRACEFUL_RESTART_TIME',
    },
    passwordSecrets: {
      namespace: {
        doc:
          "Namespace of the Secrets BGPPeer passwords name (password.secretKeyRef). Empty: the pod's own " +
          '(its service account namespace), else twill-system. Needs get/list/watch on secrets there.',
        format: String,
        default: '',
        env: 'TWILL_BGP_PASSWORD_SECRETS_NAMESPACE',
      },
    },
  },
  autodetection: {
    ipv4: {
      doc:
        "How the node's IPv4 address is found: first-found, interface=REGEX, skip-interface=REGEX, " +
        'can-reach=DEST, cidr=CIDR[,CIDR...], none, or a fixed address (10.0.1.5/24). ' +
        "The Node resource's spec.bgp.ipv4Address, when set, wins.",
      format: 'twill-ipv4-method',
      default: 'first-found',
      env: 'TWILL_IP_AUTODETECTION_METHOD',
    },
    ipv6: {
      doc: 'The same for IPv6; none (the default) leaves the node IPv4-only unless its Node resource says otherwise.',
      format: 'twill-ipv6-method',
      default: 'none',
      env: 'TWILL_IP6_AUTODETECTION_METHOD',
    },
  },
  dataplane: {
    routeTable: {
      doc: 'Kernel route table Twill programs (254 is main).',
      format: 'twill-route-table',
      default: 254,
      env: 'TWILL_ROUTE_TABLE',
    },
    routeProtocol: {
      doc: "rtm_protocol stamped on Twill's routes; only routes with it are touched (84 = 0x54, Twill's own).",
      format: 'twill-route-protocol',
      default: 84,
      env: 'TWILL_ROUTE_PROTOCOL',
    },
    mtu: {
      doc: "Pod interface MTU; 0 detects it from the uplink minus the encapsulation's overhead.",
      format: 'twill-mtu',
      default: 0,
      env: 'TWILL_MTU',
    },
    vxlanVni: {
      doc: 'VXLAN network identifier of the twill.vxlan device (RFC 7348).',
      format: 'twill-vni',
      default: 4096,
      env: 'TWILL_VXLAN_VNI',
    },
    vxlanPort: {
      doc: 'UDP port of VXLAN (IANA 4789).',
      format: 'twill-port',
      default: 4789,
      env: 'TWILL_VXLAN_PORT',
    },
    wireguardListenPort: {
      doc: 'UDP port of the twill.wg device.',
      format: 'twill-port',
      default: 51820,
      env: 'TWILL_WIREGUARD_LISTEN_PORT',
    },
    wireguardSocketDir: {
      doc:
        "Where wireguard-go's UAPI socket is when the kernel has no WireGuard. /var/run/wireguard is " +
        "wireguard-go's own; another directory is bind-mounted over it in a private mount namespace for " +
        'wireguard-go alone (several nodes on one host, as in the lab).',
      format: 'twill-file-path',
      default: '/var/run/wireguard',
      env: 'TWILL_WIREGUARD_SOCKET_DIR',
    },
  },
  policy: {
    enabled: {
      doc: 'Enforce NetworkPolicy in nftables (table inet twill).',
      format: 'twill-boolean',
      default: true,
      env: 'TWILL_POLICY_ENABLED',
    },
    failsafeInboundPorts: {
      doc:
        'Host ports always accepted before any policy rule, as PROTOCOL:PORT (tcp:22) - so a wrong policy ' +
        'cannot cut SSH, BGP, BFD, etcd or typha.',
      format: 'twill-failsafe-ports',
      default: DEFAULT_FAILSAFE_PORTS.map((item) => `${item.protocol.toLowerCase()}:${item.port}`),
      env: 'TWILL_FAILSAFE_INBOUND_PORTS',
    },
  },
  control: {
    socket: {
      doc: 'Unix socket of the control API (twillctl --socket; same protocol as twill-bgpd plus node.* requests).',
      format: 'twill-file-path',
      default: '/run/twill/node.sock',
      env: 'TWILL_CONTROL_SOCKET',
    },
  },
  restart: {
    stateFile: {
      doc:
        'Marker written at start: found at the next start, it means "restarted, kernel routes kept" ' +
        '(graceful restart with forwarding preserved). Keep it on a tmpfs such as /run, so a reboot clears it.',
      format: 'twill-file-path',
      default: '/run/twill/node-restart.json',
      env: 'TWILL_RESTART_STATE_FILE',
    },
  },
  metrics: {
    listen: {
      doc: 'HOST:PORT of the Prometheus /metrics endpoint, or off.',
      format: 'twill-listen-address',
      default: '0.0.0.0:9091',
      env: 'TWILL_METRICS_LISTEN',
    },
  },
  health: {
    listen: {
      doc: 'HOST:PORT of the /livez and /readyz endpoints, or off (loopback: the kubelet probes from the host).',
      format: 'twill-listen-address',
      default: '127.0.0.1:9099',
      env: 'TWILL_HEALTH_LISTEN',
    },
  },
  kubernetesApi: {
    kubeconfig: {
      doc:
        'Kubernetes API for Services/EndpointSlices (per-service /32 advertisement), Events and BGPPeer ' +
        'password Secrets, read even ' +
        'when the datastore is etcd (as Calico does): empty = the datastore connection when ' +
        'datastore.type is kubernetes, otherwise none (then no per-service /32s and no Events; logged at ' +
        'start); in-cluster = the service account; or an absolute kubeconfig path.',
      format: 'twill-kubeconfig',
      default: '',
      env: 'TWILL_KUBERNETES_API_KUBECONFIG',
    },
    services: {
      doc:
        'Watch Services and EndpointSlices (needs the Kubernetes API above): /32 (/128) routes for ' +
        'externalTrafficPolicy: Local services with a ready endpoint on this node.',
      format: 'twill-boolean',
      default: true,
      env: 'TWILL_KUBERNETES_API_SERVICES',
    },
    serviceCoalesceMs: {
      doc: 'Service/EndpointSlice changes within this window after the first are applied together.',
      format: 'twill-coalesce-ms',
      default: 100,
      env: 'TWILL_KUBERNETES_API_SERVICE_COALESCE_MS',
    },
    events: {
      doc: 'Write a Kubernetes Event (reason InvalidResource) for every resource the daemon ignores.',
      format: 'twill-boolean',
      default: true,
      env: 'TWILL_KUBERNETES_API_EVENTS',
    },
    eventBurst: {
      doc: 'Event writes per involved object before rate limiting (client-go: 25).',
      format: 'twill-event-burst',
      default: 25,
      env: 'TWILL_KUBERNETES_API_EVENT_BURST',
    },
    eventRefillIntervalSec: {
      doc:
        'One more Event write per involved object every this many seconds once the burst is spent ' +
        '(client-go: 300); occurrences in between are counted into the next write.',
      format: 'twill-event-refill-sec',
      default: 300,
      env: 'TWILL_KUBERNETES_API_EVENT_REFILL_INTERVAL',
    },
  },
};
