// Pods of the demo: a network namespace each (recorded by the lab, removed with it) and twill-cni ADD
// run inside the node's namespace exactly as a container runtime runs it (CNI spec 1.1 "Execution":
// CNI_* variables, the network config on stdin, one JSON result on stdout). The plugin reaches etcd on
// the management network, as on a real node.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Lab } from '../../lab/lab.js';
import { LabError } from '../../lab/errors.js';

/** The executable a runtime finds on CNI_PATH (it runs dist/daemon/cni/main.js). */
export const TWILL_CNI = fileURLToPath(new URL('../../../daemon/cni/twill-cni', import.meta.url));

export interface Pod {
  readonly name: string;
  readonly node: string;
  /** The pod's network namespace (`ip netns exec NS ...`). */
  readonly ns: string;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly labels: Readonly<Record<string, string>>;
}

export function cniConfig(node: string, etcdEndpoint: string, labels: Record<string, string>): object {
  return {
    cniVersion: '1.0.0',
    name: 'pods',
    type: 'twill-cni',
    nodeName: node,
    datastore: { type: 'etcd', endpoints: [etcdEndpoint] },
    ipam: { type: 'twill', assignIPv4: true, assignIPv6: true },
    runtimeConfig: { labels },
  };
}

interface CniResult {
  ips?: { address: string }[];
  code?: number;
  msg?: string;
  details?: string;
}

export async function cni(
  lab: Lab,
  command: 'ADD' | 'DEL',
  pod: { name: string; node: string; ns: string },
  config: object,
): Promise<CniResult> {
  const env = {
    PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: command,
    CNI_CONTAINERID: `lab-${pod.name}`,
    CNI_NETNS: `/run/netns/${pod.ns}`,
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/usr/lib/cni',
    CNI_ARGS: `K8S_POD_NAMESPACE=default;K8S_POD_NAME=${pod.name}`,
  };
  const child = spawn('ip', ['netns', 'exec', lab.ns(pod.node), TWILL_CNI], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c ?? -1));
    child.stdin.end(JSON.stringify(config));
  });
  const result = stdout.trim() === '' ? {} : (JSON.parse(stdout) as CniResult);
  if (code !== 0) {
    throw new LabError(
      'LAB_COMMAND_FAILED',
      `twill-cni ${command} of pod ${pod.name} on ${pod.node} failed (exit ${code}): ${result.msg ?? ''} ${result.details ?? ''} ${stderr.trim()}`,
    );
  }
  return result;
}

/** Creates pod `name` on `node`: its namespace, then CNI ADD; returns its addresses. */
export async function addPod(
  lab: Lab,
  node: string,
  name: string,
  etcdEndpoint: string,
  labels: Record<string, string> = {},
): Promise<Pod> {
  const ns = await lab.addNamespace(name);
  const result = await cni(lab, 'ADD', { name, node, ns }, cniConfig(node, etcdEndpoint, labels));
  const addresses = (result.ips ?? []).map((i) => i.address.split('/')[0] as string);
  const ipv4 = addresses.find((a) => !a.includes(':'));
  const ipv6 = addresses.find((a) => a.includes(':'));
  if (!ipv4 || !ipv6)
    throw new LabError(
      'LAB_COMMAND_FAILED',
      `pod ${name}: CNI gave ${addresses.join(', ')}, not IPv4 and IPv6`,
    );
  return { name, node, ns, ipv4, ipv6, labels };
}
