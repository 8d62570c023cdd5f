// TwillNodeStatus: what one node's daemon reports about itself (agent, BGP sessions, routes, dataplane),
// written by twill-node and read by `twillctl node status`. Cluster-scoped, named after the node, like
// Calico's CalicoNodeStatus; the content lives in `status` so on Kubernetes it goes through `/status`.
import { checkPrefix, type Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';
import { MAX_TEXT, readText, readTime } from './status-fields.js';
import { readBgpStatus, type TwillNodeBgpStatus } from './twill-node-status-bgp.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';
export const CONDITION_STATUSES: readonly ConditionStatus[] = ['True', 'False', 'Unknown'];

/** A Kubernetes-style condition (metav1.Condition without observedGeneration). */
export interface NodeCondition {
  /** `Ready`, `DatastoreInSync`, `DataplaneProgrammed`, `BGPSessionsEstablished`, `EncapsulationSupported`, `ResourcesIgnored`. */
  readonly type: string;
  readonly status: ConditionStatus;
  /** One CamelCase word, for alerts and selectors. */
  readonly reason?: string;
  /** In words, for the operator. */
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export interface TwillNodeAgentStatus {
  readonly version?: string;
  readonly startedAt?: string;
  readonly ready?: boolean;
  readonly conditions?: readonly NodeCondition[];
}

export interface UnroutableBlockStatus {
  readonly cidr: string;
  readonly node?: string;
  readonly reason?: string;
}

export interface TwillNodeRoutesStatus {
  /** Address blocks affine to this node, advertised by it. */
  readonly localBlocks?: readonly string[];
  /** Routes Twill has in the kernel route table. */
  readonly programmed?: number;
  readonly unroutableBlocks?: readonly UnroutableBlockStatus[];
}

export type EncapsulationStatus = 'None' | 'IPIP' | 'VXLAN' | 'WireGuard' | 'Mixed';
export const ENCAPSULATION_STATUSES: readonly EncapsulationStatus[] = [
  'None',
  'IPIP',
  'VXLAN',
  'WireGuard',
  'Mixed',
];

export interface TwillNodeDataplaneStatus {
  readonly encapsulation?: EncapsulationStatus;
  readonly vtepMAC?: string;
  readonly wireguardPublicKey?: string;
  readonly lastApplyError?: string;
  readonly lastApplyTime?: string;
}

export interface TwillNodeStatusStatus {
  /** When the daemon took the snapshot this status was built from (RFC 3339). Staleness is judged on it. */
  readonly observedAt?: string;
  readonly agent?: TwillNodeAgentStatus;
  readonly bgp?: TwillNodeBgpStatus;
  readonly routes?: TwillNodeRoutesStatus;
  readonly dataplane?: TwillNodeDataplaneStatus;
}

/** No spec: the object exists to carry status. */
export type TwillNodeStatusSpec = Readonly<Record<string, never>>;

export type TwillNodeStatus = Resource<'TwillNodeStatus', TwillNodeStatusSpec, TwillNodeStatusStatus>;

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

function readAgent(fields: Fields | undefined): TwillNodeAgentStatus | undefined {
  if (fields === undefined) return undefined;
  const agent = compact<TwillNodeAgentStatus>({
    version: fields.string('version', { maxLength: 128 }),
    startedAt: readTime(fields, 'startedAt'),
    ready: fields.boolean('ready'),
    conditions: fields.objects('conditions', { maxItems: 32 })?.flatMap((item) => {
      const type = item.string('type', {
        required: true,
        pattern: /^[A-Za-z][A-Za-z0-9]*$/,
        hint: 'a CamelCase word',
      });
      const status = item.oneOf('status', CONDITION_STATUSES, { required: true });
      const condition = compact<NodeCondition>({
        type: type ?? '',
        status: status ?? 'Unknown',
        reason: item.string('reason', { pattern: /^[A-Za-z][A-Za-z0-9]*$/, hint: 'a CamelCase word' }),
        message: readText(item, 'message', 4 * MAX_TEXT),
        lastTransitionTime: readTime(item, 'lastTransitionTime'),
      });
      item.rejectUnknown();
      return type === undefined || status === undefined ? [] : [condition];
    }),
  });
  fields.rejectUnknown();
  return agent;
}

function readRoutes(fields: Fields | undefined): TwillNodeRoutesStatus | undefined {
  if (fields === undefined) return undefined;
  const routes = compact<TwillNodeRoutesStatus>({
    localBlocks: fields.array('localBlocks', { maxItems: 1024 })?.flatMap(({ value, path }) => {
      const prefix = typeof value === 'string' ? checkPrefix(value, path, fields.issues) : undefined;
      if (typeof value !== 'string') fields.issues.add(path, 'expected a CIDR string');
      return prefix === undefined ? [] : [prefix.toString()];
    }),
    programmed: fields.integer('programmed', { min: 0 }),
    unroutableBlocks: fields.objects('unroutableBlocks', { maxItems: 1024 })?.flatMap((item) => {
      const cidr = item.prefix('cidr', { required: true });
      const block = compact<UnroutableBlockStatus>({
        cidr: cidr?.toString() ?? '',
        node: item.string('node'),
        reason: readText(item, 'reason'),
      });
      item.rejectUnknown();
      return cidr === undefined ? [] : [block];
    }),
  });
  fields.rejectUnknown();
  return routes;
}

function readDataplane(fields: Fields | undefined): TwillNodeDataplaneStatus | undefined {
  if (fields === undefined) return undefined;
  const dataplane = compact<TwillNodeDataplaneStatus>({
    encapsulation: fields.oneOf('encapsulation', ENCAPSULATION_STATUSES),
    vtepMAC: fields.string('vtepMAC', { pattern: MAC, hint: 'a lower-case MAC address' }),
    wireguardPublicKey: fields.string('wireguardPublicKey', {
      pattern: WIREGUARD_KEY,
      hint: 'a base64 WireGuard public key',
    }),
    lastApplyError: readText(fields, 'lastApplyError'),
    lastApplyTime: readTime(fields, 'lastApplyTime'),
  });
  fields.rejectUnknown();
  return dataplane;
}

function readStatus(status: Fields): TwillNodeStatusStatus {
  const result = compact<TwillNodeStatusStatus>({
    observedAt: readTime(status, 'observedAt'),
    agent: readAgent(status.object('agent')),
    bgp: readBgpStatus(status.object('bgp')),
    routes: readRoutes(status.object('routes')),
    dataplane: readDataplane(status.object('dataplane')),
  });
  status.rejectUnknown();
  return result;
}

export const twillNodeStatusKind: KindDefinition<TwillNodeStatus> = {
  kind: 'TwillNodeStatus',
  apiVersion: TWILL_API_VERSION,
  plural: 'twillnodestatuses',
  namespaced: false,
  specOptional: true,
  readSpec(spec: Fields) {
    spec.rejectUnknown();
    return {};
  },
  readStatus,
};
