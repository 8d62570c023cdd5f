import { assertNever } from '../../common/index.js';
import type { Labels, SelectorNode } from './ast.js';

/**
 * True if `labels` match. Negative tests (`!=`, `not in`) also match when the label is absent, as in
 * both Kubernetes (NotIn) and Calico: "not in the set" is true of a value that does not exist.
 */
export function matches(node: SelectorNode, labels: Labels): boolean {
  switch (node.op) {
    case 'all':
      return true;
    case 'has':
      return Object.hasOwn(labels, node.key);
    case 'eq':
      return Object.hasOwn(labels, node.key) && labels[node.key] === node.value;
    case 'ne':
      return !Object.hasOwn(labels, node.key) || labels[node.key] !== node.value;
    case 'in':
      return Object.hasOwn(labels, node.key) && node.values.includes(labels[node.key] as string);
    case 'not-in':
      return !Object.hasOwn(labels, node.key) || !node.values.includes(labels[node.key] as string);
    case 'not':
      return !matches(node.operand, labels);
    case 'and':
      return node.operands.every((operand) => matches(operand, labels));
    case 'or':
      return node.operands.some((operand) => matches(operand, labels));
    default:
      return assertNever(node, 'selector node');
  }
}
