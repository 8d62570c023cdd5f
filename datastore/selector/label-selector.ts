import { assertNever } from '../../common/index.js';
import { ALL, combine, type SelectorNode } from './ast.js';

/** Kubernetes metav1.LabelSelector, as NetworkPolicy carries it. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  readonly values?: readonly string[];
}

export const LABEL_SELECTOR_OPERATORS: readonly LabelSelectorOperator[] = [
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
];

/**
 * Compiles a (validated) LabelSelector into the common AST. All terms are ANDed; an empty selector
 * selects everything, as Kubernetes defines it (`podSelector: {}` is "all pods in the namespace").
 */
export function labelSelectorToNode(selector: LabelSelector): SelectorNode {
  const terms: SelectorNode[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) terms.push({ op: 'eq', key, value });
  for (const requirement of selector.matchExpressions ?? []) terms.push(requirementToNode(requirement));
  return terms.length === 0 ? ALL : combine('and', terms);
}

function requirementToNode(requirement: LabelSelectorRequirement): SelectorNode {
  const { key } = requirement;
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return { op: 'in', key, values };
    case 'NotIn':
      return { op: 'not-in', key, values };
    case 'Exists':
      return { op: 'has', key };
    case 'DoesNotExist':
      return { op: 'not', operand: { op: 'has', key } };
    default:
      return assertNever(requirement.operator, 'label selector operator');
  }
}
