/**
 * The one selector AST. Both Calico-style expressions (`app == 'web' && has(tier)`) and Kubernetes
 * LabelSelector objects compile to it, so every consumer (BGP peers, pools, policy) evaluates one thing.
 *
 * `and`/`or` are n-ary and never directly nest the same operator: the parser flattens `a && (b && c)`,
 * which gives every selector one canonical printed form.
 */
export type SelectorNode =
  | { readonly op: 'all' }
  | { readonly op: 'has'; readonly key: string }
  | { readonly op: 'eq'; readonly key: string; readonly value: string }
  | { readonly op: 'ne'; readonly key: string; readonly value: string }
  | { readonly op: 'in'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'not-in'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'not'; readonly operand: SelectorNode }
  | { readonly op: 'and'; readonly operands: readonly SelectorNode[] }
  | { readonly op: 'or'; readonly operands: readonly SelectorNode[] };

export type Labels = Readonly<Record<string, string>>;

export const ALL: SelectorNode = { op: 'all' };

/** Builds an n-ary node, flattening children of the same operator and collapsing a single child. */
export function combine(op: 'and' | 'or', operands: readonly SelectorNode[]): SelectorNode {
  const flat: SelectorNode[] = [];
  for (const operand of operands) {
    if (operand.op === op) flat.push(...operand.operands);
    else flat.push(operand);
  }
  if (flat.length === 1) return flat[0] as SelectorNode;
  return { op, operands: flat };
}
