import { assertNever } from '../../common/index.js';
import type { SelectorNode } from './ast.js';

/**
 * The canonical text of a selector: single quotes (double only when the value holds a single quote),
 * one space around binary operators, parentheses only where precedence needs them (`!` binds tighter
 * than `&&`, which binds tighter than `||`). parse(print(x)) gives x back.
 */
export function printSelector(node: SelectorNode): string {
  switch (node.op) {
    case 'all':
      return 'all()';
    case 'has':
      return `has(${node.key})`;
    case 'eq':
      return `${node.key} == ${quote(node.value)}`;
    case 'ne':
      return `${node.key} != ${quote(node.value)}`;
    case 'in':
      return `${node.key} in {${node.values.map(quote).join(', ')}}`;
    case 'not-in':
      return `${node.key} not in {${node.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${isAtomic(node.operand) ? printSelector(node.operand) : `(${printSelector(node.operand)})`}`;
    case 'and':
      return node.operands
        .map((operand) => (operand.op === 'or' ? `(${printSelector(operand)})` : printSelector(operand)))
        .join(' && ');
    case 'or':
      return node.operands.map(printSelector).join(' || ');
    default:
      return assertNever(node, 'selector node');
  }
}

/** `!` binds tighter than `&&` and `||` but applies to a whole comparison (`!a == 'b'` is `!(a == 'b')`). */
function isAtomic(node: SelectorNode): boolean {
  return node.op !== 'and' && node.op !== 'or';
}

function quote(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}
