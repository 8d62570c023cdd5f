import { tryParsePrefix } from '../../common/index.js';
import {
  LABEL_SELECTOR_OPERATORS,
  type LabelSelector,
  type LabelSelectorRequirement,
} from '../selector/index.js';
import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, type Resource } from './resource.js';
import { checkLabelKey, checkLabelValue } from './metadata.js';

/** Kubernetes networking.k8s.io/v1 NetworkPolicy, the policy input Twill enforces in nftables. */
export const NETWORKING_API_VERSION = 'networking.k8s.io/v1';

export type PolicyType = 'Ingress' | 'Egress';
export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP';
const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];
const PROTOCOLS: readonly PolicyProtocol[] = ['TCP', 'UDP', 'SCTP'];

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface NetworkPolicyPort {
  readonly protocol: PolicyProtocol;
  /** A number or a named container port. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyRule {
  readonly peers?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes: readonly PolicyType[];
  readonly ingress?: ReadonlyArray<{
    readonly from?: readonly NetworkPolicyPeer[];
    readonly ports?: readonly NetworkPolicyPort[];
  }>;
  readonly egress?: ReadonlyArray<{
    readonly to?: readonly NetworkPolicyPeer[];
    readonly ports?: readonly NetworkPolicyPort[];
  }>;
}

export type NetworkPolicy = Resource<'NetworkPolicy', NetworkPolicySpec, never>;

/** Reads a metav1.LabelSelector; shared with anything else that takes Kubernetes selectors. */
export function readLabelSelector(fields: Fields | undefined): LabelSelector | undefined {
  if (fields === undefined) return undefined;
  const labelsFields = fields.object('matchLabels');
  const matchLabels: Record<string, string> = {};
  for (const key of Object.keys(labelsFields?.value ?? {})) {
    checkLabelKey(key, labelsFields?.at(key) ?? key, fields.issues);
    const value = labelsFields?.string(key, {});
    if (value !== undefined && checkLabelValue(value, labelsFields?.at(key) ?? key, fields.issues))
      matchLabels[key] = value;
  }
  const matchExpressions = fields.objects('matchExpressions')?.flatMap((item): LabelSelectorRequirement[] => {
    const key = item.string('key', { required: true });
    if (key !== undefined) checkLabelKey(key, item.at('key'), item.issues);
    const operator = item.oneOf('operator', LABEL_SELECTOR_OPERATORS, { required: true });
    const values = item.strings('values');
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && (values === undefined || values.length === 0))
      item.issue('values', `must not be empty for ${operator}`);
    if (!needsValues && operator !== undefined && values !== undefined && values.length > 0) {
      item.issue('values', `must be empty for ${operator}`);
    }
    item.rejectUnknown();
    if (key === undefined || operator === undefined) return [];
    return [compact({ key, operator, values: needsValues ? values : undefined })];
  });
  fields.rejectUnknown();
  return compact({ matchLabels: labelsFields === undefined ? undefined : matchLabels, matchExpressions });
}

function readPeers(rule: Fields, key: string): NetworkPolicyPeer[] | undefined {
  return rule.objects(key)?.map((peer) => {
    const podSelector = readLabelSelector(peer.object('podSelector'));
    const namespaceSelector = readLabelSelector(peer.object('namespaceSelector'));
    const ipBlock = readIpBlock(peer.object('ipBlock'));
    const selectors = podSelector !== undefined || namespaceSelector !== undefined;
    if (peer.present('ipBlock') && selectors)
      peer.issue('ipBlock', 'must not be combined with podSelector or namespaceSelector');
    if (!peer.present('ipBlock') && !selectors)
      peer.issues.add(peer.path, 'set podSelector, namespaceSelector or ipBlock');
    peer.rejectUnknown();
    return compact({ podSelector, namespaceSelector, ipBlock });
  });
}

function readIpBlock(fields: Fields | undefined): NetworkPolicyPeer['ipBlock'] {
  if (fields === undefined) return undefined;
  const cidr = fields.prefix('cidr', { required: true });
  const except = fields.array('except')?.flatMap(({ value, path }) => {
    const prefix = typeof value === 'string' ? tryParsePrefix(value) : undefined;
    if (prefix === undefined) fields.issues.add(path, `${JSON.stringify(value)} is not a CIDR`);
    else if (cidr !== undefined && !(cidr.containsPrefix(prefix) && !prefix.equals(cidr))) {
      fields.issues.add(path, `${prefix} is not strictly inside ${cidr}`);
    }
    return prefix === undefined ? [] : [prefix.toString()];
  });
  fields.rejectUnknown();
  return cidr === undefined ? undefined : compact({ cidr: cidr.toString(), except });
}

function readPorts(rule: Fields): NetworkPolicyPort[] | undefined {
  return rule.objects('ports')?.map((item) => {
    const protocol = item.oneOf('protocol', PROTOCOLS) ?? 'TCP';
    const raw = item.raw('port');
    let port: number | string | undefined;
    if (typeof raw === 'string')
      port = item.string('port', { pattern: /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, hint: 'a port name' });
    else if (raw !== undefined) port = item.integer('port', { min: 1, max: 65535 });
    const endPort = item.integer('endPort', { min: 1, max: 65535 });
    if (endPort !== undefined && typeof port !== 'number') item.issue('endPort', 'needs a numeric port');
    if (endPort !== undefined && typeof port === 'number' && endPort < port)
      item.issue('endPort', `must be at least port (${port})`);
    item.rejectUnknown();
    return compact({ protocol, port, endPort });
  });
}

function readSpec(spec: Fields): NetworkPolicySpec | undefined {
  const podSelector = readLabelSelector(spec.object('podSelector', { required: true }));
  const ingress = spec.objects('ingress')?.map((rule) => {
    const result = compact({ from: readPeers(rule, 'from'), ports: readPorts(rule) });
    rule.rejectUnknown();
    return result;
  });
  const egress = spec.objects('egress')?.map((rule) => {
    const result = compact({ to: readPeers(rule, 'to'), ports: readPorts(rule) });
    rule.rejectUnknown();
    return result;
  });
  const types = spec.array('policyTypes');
  const policyTypes: PolicyType[] = [];
  for (const { value, path } of types ?? []) {
    if (POLICY_TYPES.includes(value as PolicyType)) policyTypes.push(value as PolicyType);
    else spec.issues.add(path, `must be Ingress or Egress, got ${JSON.stringify(value)}`);
  }
  spec.rejectUnknown();
  if (podSelector === undefined) return undefined;
  // Kubernetes' default: Ingress always, Egress only if egress rules are present.
  const defaultTypes: PolicyType[] = egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'];
  return compact({
    podSelector,
    policyTypes: types === undefined ? defaultTypes : policyTypes,
    ingress,
    egress,
  });
}

export const networkPolicyKind: KindDefinition<NetworkPolicy> = {
  kind: 'NetworkPolicy',
  apiVersion: NETWORKING_API_VERSION,
  plural: 'networkpolicies',
  namespaced: true,
  readSpec,
};
