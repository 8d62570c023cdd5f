import { expect } from 'chai';

import { isTwillError } from '../../common/index.js';
import { SelectorError } from '../errors.js';
import { parseSelector } from './parse.js';
import { printSelector } from './print.js';

function parseError(source: string): SelectorError {
  try {
    parseSelector(source);
  } catch (err) {
    expect(isTwillError(err, 'INVALID_SELECTOR')).to.equal(true);
    return err as SelectorError;
  }
  return expect.fail(`expected ${JSON.stringify(source)} to be rejected`);
}

describe('selector parser', () => {
  it('parses every operator into the AST', () => {
    expect(parseSelector("app == 'web'")).to.deep.equal({ op: 'eq', key: 'app', value: 'web' });
    expect(parseSelector('tier != "db"')).to.deep.equal({ op: 'ne', key: 'tier', value: 'db' });
    expect(parseSelector("zone in {'a', 'b'}")).to.deep.equal({ op: 'in', key: 'zone', values: ['a', 'b'] });
    expect(parseSelector("zone not in {'c'}")).to.deep.equal({ op: 'not-in', key: 'zone', values: ['c'] });
    expect(parseSelector('has(kubernetes.io/hostname)')).to.deep.equal({
      op: 'has',
      key: 'kubernetes.io/hostname',
    });
    expect(parseSelector('all()')).to.deep.equal({ op: 'all' });
    expect(parseSelector('!has(x)')).to.deep.equal({ op: 'not', operand: { op: 'has', key: 'x' } });
  });

  it('gives && precedence over || and flattens chains', () => {
    expect(parseSelector('has(a) || has(b) && has(c) && has(d)')).to.deep.equal({
      op: 'or',
      operands: [
        { op: 'has', key: 'a' },
        {
          op: 'and',
          operands: [
            { op: 'has', key: 'b' },
            { op: 'has', key: 'c' },
            { op: 'has', key: 'd' },
          ],
        },
      ],
    });
    expect(parseSelector('(has(a) && has(b)) && has(c)')).to.deep.equal(
      parseSelector('has(a) && has(b) && has(c)'),
    );
  });

  it('applies ! to a whole comparison', () => {
    expect(parseSelector("!a == 'b'")).to.deep.equal({
      op: 'not',
      operand: { op: 'eq', key: 'a', value: 'b' },
    });
  });

  it('treats an empty selector as all(), as Calico does', () => {
    expect(parseSelector('')).to.deep.equal({ op: 'all' });
    expect(parseSelector('   ')).to.deep.equal({ op: 'all' });
  });

  it('accepts labels named like the functions', () => {
    expect(parseSelector("has == 'x'")).to.deep.equal({ op: 'eq', key: 'has', value: 'x' });
  });

  it('reports the column of each error', () => {
    const cases: Array<[string, number, string]> = [
      ['has(x) &&', 10, 'expected an expression'],
      ["app = 'x'", 5, 'unexpected character "="'],
      ["app == 'x", 8, 'unterminated string'],
      ['app', 4, 'expected "==", "!=", "in" or "not in" after label "app"'],
      ["(a == 'b'", 10, 'expected ")"'],
      ["a == 'b' b == 'c'", 10, 'expected "&&", "||" or the end of the selector'],
      ["a in {'x' 'y'}", 11, 'expected "," or "}"'],
      ['a == b', 6, 'expected a quoted value'],
      ['all(x)', 5, 'expected ")": all() takes no argument'],
      ['has()', 5, 'expected a label name'],
      ['&& has(a)', 1, 'expected an expression'],
    ];
    for (const [source, column, reason] of cases) {
      const error = parseError(source);
      expect(error.column, source).to.equal(column);
      expect(error.message).to.equal(`selector ${JSON.stringify(source)}: column ${column}: ${reason}`);
    }
  });

  it('prints the canonical form, which parses back to the same AST', () => {
    const cases: Array<[string, string]> = [
      ['  app=="web"&&!has( x )', "app == 'web' && !has(x)"],
      ["(a == 'b' || c != 'd') && e in {'1','2'}", "(a == 'b' || c != 'd') && e in {'1', '2'}"],
      ["!(a == 'b' && has(c))", "!(a == 'b' && has(c))"],
      ['x not in {}', 'x not in {}'],
      [`v == "it's"`, `v == "it's"`],
      ['', 'all()'],
    ];
    for (const [source, canonical] of cases) {
      const printed = printSelector(parseSelector(source));
      expect(printed, source).to.equal(canonical);
      expect(parseSelector(printed)).to.deep.equal(parseSelector(source));
    }
  });
});
