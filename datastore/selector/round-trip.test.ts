import { expect } from 'chai';
import fc from 'fast-check';

import { combine, type Labels, type SelectorNode } from './ast.js';
import { matches } from './evaluate.js';
import { parseSelector } from './parse.js';
import { printSelector } from './print.js';

const keyArb = fc.constantFrom('app', 'tier', 'zone', 'kubernetes.io/hostname', 'has', 'in');
const valueArb = fc.constantFrom('web', 'db', 'a', "it's", 'x-1', '');

// Built through combine() so the generated trees are already in the parser's flattened normal form.
const nodeArb: fc.Arbitrary<SelectorNode> = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SelectorNode>({ op: 'all' }),
    keyArb.map((key): SelectorNode => ({ op: 'has', key })),
    fc
      .record({ key: keyArb, value: valueArb })
      .map(({ key, value }): SelectorNode => ({ op: 'eq', key, value })),
    fc
      .record({ key: keyArb, value: valueArb })
      .map(({ key, value }): SelectorNode => ({ op: 'ne', key, value })),
    fc
      .record({ key: keyArb, values: fc.array(valueArb, { maxLength: 3 }) })
      .map(({ key, values }): SelectorNode => ({ op: 'in', key, values })),
    fc
      .record({ key: keyArb, values: fc.array(valueArb, { maxLength: 3 }) })
      .map(({ key, values }): SelectorNode => ({ op: 'not-in', key, values })),
    tie('node').map((operand): SelectorNode => ({ op: 'not', operand })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands) => combine('and', operands)),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands) => combine('or', operands)),
  ),
})).node;

const labelsArb: fc.Arbitrary<Labels> = fc.dictionary(keyArb, valueArb, { maxKeys: 4 });

describe('selector round trip (property)', () => {
  it('parse(print(ast)) gives the same AST', () => {
    fc.assert(
      fc.property(nodeArb, (node) => {
        expect(parseSelector(printSelector(node))).to.deep.equal(node);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('printing is canonical: print(parse(print(ast))) equals print(ast)', () => {
    fc.assert(
      fc.property(nodeArb, (node) => {
        const printed = printSelector(node);
        expect(printSelector(parseSelector(printed))).to.equal(printed);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('the reparsed selector selects exactly the same labels', () => {
    fc.assert(
      fc.property(nodeArb, labelsArb, (node, labels) => {
        expect(matches(parseSelector(printSelector(node)), labels)).to.equal(matches(node, labels));
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
