import { SelectorError } from '../errors.js';
import { ALL, combine, type SelectorNode } from './ast.js';
import { tokenize, type Token, type TokenType } from './lexer.js';

/**
 * Parses a Calico-style selector into the AST. Grammar, loosest first:
 *
 *   or      := and ('||' and)*
 *   and     := unary ('&&' unary)*
 *   unary   := '!' unary | primary
 *   primary := '(' or ')' | 'all' '(' ')' | 'has' '(' key ')'
 *            | key ('==' | '!=') string | key ['not'] 'in' '{' [string (',' string)*] '}'
 *
 * An empty (or blank) selector selects everything, as in Calico. Errors carry the 1-based column.
 */
export function parseSelector(source: string): SelectorNode {
  if (typeof source !== 'string') throw new SelectorError(String(source), 1, 'a selector must be a string');
  const parser = new Parser(source, tokenize(source));
  if (parser.peek().type === 'end') return ALL;
  const node = parser.parseOr();
  parser.expect('end', 'expected "&&", "||" or the end of the selector');
  return node;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(offset = 0): Token {
    const token = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
    return token as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  expect(type: TokenType, reason: string): Token {
    const token = this.peek();
    if (token.type !== type) throw this.fail(token, reason);
    return this.next();
  }

  fail(token: Token, reason: string): SelectorError {
    return new SelectorError(this.source, token.column, reason);
  }

  parseOr(): SelectorNode {
    const operands = [this.parseAnd()];
    while (this.peek().type === '||') {
      this.next();
      operands.push(this.parseAnd());
    }
    return combine('or', operands);
  }

  parseAnd(): SelectorNode {
    const operands = [this.parseUnary()];
    while (this.peek().type === '&&') {
      this.next();
      operands.push(this.parseUnary());
    }
    return combine('and', operands);
  }

  parseUnary(): SelectorNode {
    if (this.peek().type === '!') {
      this.next();
      return { op: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  parsePrimary(): SelectorNode {
    const token = this.peek();
    if (token.type === '(') {
      this.next();
      const inner = this.parseOr();
      this.expect(')', 'expected ")"');
      return inner;
    }
    if (token.type !== 'ident') throw this.fail(token, 'expected an expression');
    this.next();
    // `all` and `has` are functions only when followed by "(": a label may be called "has".
    if (this.peek().type === '(' && (token.text === 'all' || token.text === 'has')) {
      this.next();
      if (token.text === 'all') {
        this.expect(')', 'expected ")": all() takes no argument');
        return ALL;
      }
      const key = this.expect('ident', 'expected a label name').text;
      this.expect(')', 'expected ")"');
      return { op: 'has', key };
    }
    return this.parseComparison(token.text);
  }

  parseComparison(key: string): SelectorNode {
    const token = this.next();
    if (token.type === '==' || token.type === '!=') {
      const value = this.expect('string', 'expected a quoted value').text;
      return token.type === '==' ? { op: 'eq', key, value } : { op: 'ne', key, value };
    }
    if (token.type === 'ident' && token.text === 'in') return { op: 'in', key, values: this.parseSet() };
    if (
      token.type === 'ident' &&
      token.text === 'not' &&
      this.peek().type === 'ident' &&
      this.peek().text === 'in'
    ) {
      this.next();
      return { op: 'not-in', key, values: this.parseSet() };
    }
    throw this.fail(token, `expected "==", "!=", "in" or "not in" after label ${JSON.stringify(key)}`);
  }

  parseSet(): string[] {
    this.expect('{', 'expected "{"');
    const values: string[] = [];
    if (this.peek().type === '}') {
      this.next();
      return values;
    }
    for (;;) {
      values.push(this.expect('string', 'expected a quoted value').text);
      const token = this.next();
      if (token.type === '}') return values;
      if (token.type !== ',') throw this.fail(token, 'expected "," or "}"');
    }
  }
}
