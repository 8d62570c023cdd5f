// A Kubernetes Service and its EndpointSlices → the calculation graph's ServiceInput (pure). Only the
// fields BGP advertisement needs are read; everything else on the objects is ignored.
import type { ServiceInput } from '../calc/index.js';

/** core/v1 Service, as far as it is read here (wire JSON). */
export interface KubeService {
  readonly metadata?: { readonly namespace?: string; readonly name?: string };
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly clusterIPs?: readonly string[];
    readonly externalIPs?: readonly string[];
    readonly externalTrafficPolicy?: string;
  };
  readonly status?: {
    readonly loadBalancer?: {
      readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[];
    };
  };
}

/** discovery.k8s.io/v1 EndpointSlice, as far as it is read here. */
export interface KubeEndpointSlice {
  readonly metadata?: {
    readonly namespace?: string;
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly endpoints?: readonly {
    readonly addresses?: readonly string[];
    readonly nodeName?: string;
    readonly conditions?: { readonly ready?: boolean | null };
  }[];
}

/** The label that ties an EndpointSlice to its Service (set by the EndpointSlice controller). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** `namespace/name` of the Service a slice belongs to, or undefined for a slice without the label. */
export function sliceServiceKey(slice: KubeEndpointSlice): string | undefined {
  const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  const namespace = slice.metadata?.namespace;
  return service === undefined || service === '' || namespace === undefined
    ? undefined
    : `${namespace}/${service}`;
}

/**
 * The ServiceInput of one Service. `hasLocalEndpoint`: some endpoint of its slices runs on `nodeName`
 * and is not known to be unready (`conditions.ready` absent or null means ready, as the EndpointSlice
 * API documents). Headless (`None`) and empty cluster IPs are dropped, and so are load-balancer
 * ingress entries with a hostname only: BGP advertises addresses.
 */
export function deriveServiceInput(
  service: KubeService,
  slices: Iterable<KubeEndpointSlice>,
  nodeName: string,
): ServiceInput {
  const spec = service.spec ?? {};
  const clusterIPs = (spec.clusterIPs ?? (spec.clusterIP === undefined ? [] : [spec.clusterIP])).filter(
    (ip) => ip !== '' && ip !== 'None',
  );
  const loadBalancerIPs = (service.status?.loadBalancer?.ingress ?? []).flatMap((entry) =>
    entry.ip === undefined || entry.ip === '' ? [] : [entry.ip],
  );
  let hasLocalEndpoint = false;
  for (const slice of slices)
    for (const endpoint of slice.endpoints ?? [])
      if (endpoint.nodeName === nodeName && endpoint.conditions?.ready !== false) hasLocalEndpoint = true;
  return {
    namespace: service.metadata?.namespace ?? '',
    name: service.metadata?.name ?? '',
    clusterIPs: uniqueSorted(clusterIPs),
    externalIPs: uniqueSorted(spec.externalIPs ?? []),
    loadBalancerIPs: uniqueSorted(loadBalancerIPs),
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    hasLocalEndpoint,
  };
}

function uniqueSorted(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}
