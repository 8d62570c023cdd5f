// Service and EndpointSlice objects for tests (wire JSON, as the API serves them).
import type { KubeEndpointSlice, KubeService } from './service-input.js';

export interface ServiceShape {
  readonly clusterIP?: string;
  readonly externalIPs?: readonly string[];
  readonly loadBalancerIPs?: readonly string[];
  readonly local?: boolean;
  readonly type?: string;
}

export function kubeService(namespace: string, name: string, shape: ServiceShape = {}): KubeService {
  const clusterIP = shape.clusterIP ?? '10.96.0.10';
  return {
    metadata: { namespace, name },
    spec: {
      type: shape.type ?? (shape.loadBalancerIPs === undefined ? 'ClusterIP' : 'LoadBalancer'),
      clusterIP,
      clusterIPs: [clusterIP],
      ...(shape.externalIPs === undefined ? {} : { externalIPs: shape.externalIPs }),
      ...(shape.local === undefined ? {} : { externalTrafficPolicy: shape.local ? 'Local' : 'Cluster' }),
    },
    ...(shape.loadBalancerIPs === undefined
      ? {}
      : { status: { loadBalancer: { ingress: shape.loadBalancerIPs.map((ip) => ({ ip })) } } }),
  };
}

export interface EndpointShape {
  readonly address: string;
  readonly nodeName?: string;
  readonly ready?: boolean | null;
}

export function endpointSlice(
  namespace: string,
  name: string,
  service: string,
  endpoints: readonly EndpointShape[],
): KubeEndpointSlice {
  return {
    metadata: { namespace, name, labels: { 'kubernetes.io/service-name': service } },
    endpoints: endpoints.map((e) => ({
      addresses: [e.address],
      ...(e.nodeName === undefined ? {} : { nodeName: e.nodeName }),
      ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }),
    })),
  };
}
