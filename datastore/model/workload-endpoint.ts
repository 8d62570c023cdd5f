import { checkPrefix, type Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

/**
 * One pod's network interface as the CNI plugin set it up. Its labels (metadata.labels) are the pod's,
 * which is what policy selectors match against.
 */
export interface WorkloadEndpointSpec {
  readonly node: string;
  readonly orchestrator?: string;
  readonly pod?: string;
  readonly containerID?: string;
  readonly endpoint?: string;
  /** The host end of the veth; Linux limits names to 15 bytes (IFNAMSIZ - 1). */
  readonly interfaceName: string;
  readonly mac?: string;
  /** The pod's addresses as host prefixes (`10.65.0.3/32`, `fd00::3/128`). */
  readonly ipNetworks: readonly string[];
}

export type WorkloadEndpoint = Resource<'WorkloadEndpoint', WorkloadEndpointSpec, never>;

const INTERFACE_NAME = /^[^\s/:]{1,15}$/;
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

function readSpec(spec: Fields): WorkloadEndpointSpec | undefined {
  const node = spec.string('node', { required: true });
  const interfaceName = spec.string('interfaceName', {
    required: true,
    pattern: INTERFACE_NAME,
    hint: 'a Linux interface name (1-15 characters, no spaces, "/" or ":")',
  });
  const networks = spec.array('ipNetworks', { required: true });
  const ipNetworks: string[] = [];
  for (const { value, path } of networks ?? []) {
    const prefix = typeof value === 'string' ? checkPrefix(value, path, spec.issues) : undefined;
    if (typeof value !== 'string') spec.issues.add(path, `expected a string, got ${JSON.stringify(value)}`);
    else if (prefix !== undefined && !prefix.isHost())
      spec.issues.add(path, `${JSON.stringify(value)} is not a host prefix (/32 or /128)`);
    else if (prefix !== undefined) ipNetworks.push(prefix.toString());
  }
  const optional = {
    orchestrator: spec.string('orchestrator'),
    pod: spec.string('pod'),
    containerID: spec.string('containerID'),
    endpoint: spec.string('endpoint'),
    mac: spec.string('mac', { pattern: MAC, hint: 'a lower-case MAC address' }),
  };
  spec.rejectUnknown();
  if (node === undefined || interfaceName === undefined || networks === undefined) return undefined;
  return compact<WorkloadEndpointSpec>({ node, ...optional, interfaceName, ipNetworks });
}

export const workloadEndpointKind: KindDefinition<WorkloadEndpoint> = {
  kind: 'WorkloadEndpoint',
  apiVersion: TWILL_API_VERSION,
  plural: 'workloadendpoints',
  namespaced: true,
  readSpec,
};
