import type { IpFamily } from '../../common/index.js';
import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

export type FilterAction = 'Accept' | 'Reject';
export type FilterMatchOperator = 'Equal' | 'NotEqual' | 'In' | 'NotIn';
export const FILTER_ACTIONS: readonly FilterAction[] = ['Accept', 'Reject'];
export const FILTER_MATCH_OPERATORS: readonly FilterMatchOperator[] = ['Equal', 'NotEqual', 'In', 'NotIn'];

/**
 * One rule, evaluated in order; the first that matches decides. Without `cidr` a rule matches every
 * prefix (a catch-all). `prefixLength` narrows an `In` match (`10.0.0.0/8` with lengths 24..32).
 */
export interface BGPFilterRule {
  readonly action: FilterAction;
  readonly cidr?: string;
  readonly matchOperator?: FilterMatchOperator;
  readonly prefixLength?: { readonly min?: number; readonly max?: number };
}

export interface BGPFilterSpec {
  readonly importV4?: readonly BGPFilterRule[];
  readonly exportV4?: readonly BGPFilterRule[];
  readonly importV6?: readonly BGPFilterRule[];
  readonly exportV6?: readonly BGPFilterRule[];
}

export type BGPFilter = Resource<'BGPFilter', BGPFilterSpec, never>;

function readSpec(spec: Fields): BGPFilterSpec {
  const result = compact<BGPFilterSpec>({
    importV4: readRules(spec, 'importV4', 4),
    exportV4: readRules(spec, 'exportV4', 4),
    importV6: readRules(spec, 'importV6', 6),
    exportV6: readRules(spec, 'exportV6', 6),
  });
  spec.rejectUnknown();
  return result;
}

function readRules(spec: Fields, key: string, family: IpFamily): BGPFilterRule[] | undefined {
  return spec.objects(key)?.flatMap((rule) => {
    const action = rule.oneOf('action', FILTER_ACTIONS, { required: true });
    const cidr = rule.prefix('cidr', { family });
    const matchOperator = rule.oneOf('matchOperator', FILTER_MATCH_OPERATORS, {
      required: rule.present('cidr'),
    });
    if (!rule.present('cidr') && rule.present('matchOperator')) rule.issue('matchOperator', 'needs cidr');
    const prefixLength = readPrefixLength(rule.object('prefixLength'), family === 4 ? 32 : 128, cidr?.length);
    if (prefixLength !== undefined && matchOperator !== 'In' && matchOperator !== 'NotIn') {
      rule.issue('prefixLength', 'only applies with matchOperator In or NotIn');
    }
    rule.rejectUnknown();
    if (action === undefined) return [];
    return [compact<BGPFilterRule>({ action, cidr: cidr?.toString(), matchOperator, prefixLength })];
  });
}

function readPrefixLength(
  fields: Fields | undefined,
  bits: number,
  cidrLength: number | undefined,
): BGPFilterRule['prefixLength'] {
  if (fields === undefined) return undefined;
  const min = fields.integer('min', { min: cidrLength ?? 0, max: bits });
  const max = fields.integer('max', { min: cidrLength ?? 0, max: bits });
  fields.rejectUnknown();
  if (min !== undefined && max !== undefined && min > max)
    fields.issue('min', `must not exceed max (${max}), got ${min}`);
  return compact({ min, max });
}

export const bgpFilterKind: KindDefinition<BGPFilter> = {
  kind: 'BGPFilter',
  apiVersion: TWILL_API_VERSION,
  plural: 'bgpfilters',
  namespaced: false,
  readSpec,
};
