// Names derived from what the runtime passes, so that DEL, CHECK and GC find what ADD made without any
// state on the node: the host-side veth, the IPAM handle and the WorkloadEndpoint.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

import type { CniArgs } from './cni-args.js';
import { kubernetesPod } from './cni-args.js';

/** Host-side veth prefix; `twl` + 12 hex digits = 15 bytes, the IFNAMSIZ limit. */
export const HOST_VETH_PREFIX = 'twl';
const HANDLE_PREFIX = 'twill-cni';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hostVethName(containerID: string, ifName: string): string {
  return `${HOST_VETH_PREFIX}${sha256Hex(`${containerID}/${ifName}`).slice(0, 12)}`;
}

/**
 * One IPAM handle per attachment (spec 1.1: an attachment is container ID + interface). "/" can appear
 * in none of the parts (network names, container IDs and interface names all exclude it), so GC can
 * split it back.
 */
export function handleID(network: string, containerID: string, ifName: string): string {
  return `${HANDLE_PREFIX}/${network}/${containerID}/${ifName}`;
}

export function parseHandleID(
  network: string,
  id: string,
): { readonly containerID: string; readonly ifName: string } | undefined {
  const parts = id.split('/');
  if (parts.length !== 4 || parts[0] !== HANDLE_PREFIX || parts[1] !== network) return undefined;
  return { containerID: parts[2] as string, ifName: parts[3] as string };
}

/** Who the pod is, for its WorkloadEndpoint's name, namespace and orchestrator. */
export interface WorkloadIdentity {
  readonly namespace: string;
  readonly name: string;
  readonly orchestrator: 'k8s' | 'cni';
  readonly pod?: string;
}

export function workloadIdentity(
  node: string,
  containerID: string,
  ifName: string,
  args: CniArgs,
): WorkloadIdentity {
  const pod = kubernetesPod(args);
  const namespace = pod === undefined ? 'default' : dnsLabel(pod.namespace);
  const middle = pod === undefined ? `cni-${containerID}` : `k8s-${pod.name}`;
  return {
    namespace,
    name: dnsName(`${node}.${middle}.${ifName}`),
    orchestrator: pod === undefined ? 'cni' : 'k8s',
    ...(pod !== undefined ? { pod: pod.name } : {}),
  };
}

/** This host's Node name: the config's, else the host name in lower case (Kubernetes' default). */
export function nodeNameOf(configured: string | undefined): string {
  return configured ?? hostname().toLowerCase();
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A resource name (DNS subdomain) for `text`: kept when already valid, else cleaned up with a hash of
 * the original appended, so two different inputs never clean up to the same name.
 */
export function dnsName(text: string): string {
  if (text.length <= 253 && DNS_SUBDOMAIN.test(text)) return text;
  const cleaned = text
    .toLowerCase()
    .split('.')
    .map((label) => label.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'x')
    .join('.')
    .slice(0, 200)
    .replace(/[.-]+$/, '');
  return `${cleaned}.${sha256Hex(text).slice(0, 10)}`;
}

function dnsLabel(text: string): string {
  if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text) && text.length <= 63) return text;
  return `${
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'x'
  }-${sha256Hex(text).slice(0, 8)}`;
}
