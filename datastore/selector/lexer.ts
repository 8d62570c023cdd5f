import { SelectorError } from '../errors.js';

export type TokenType =
  'ident' | 'string' | '(' | ')' | '{' | '}' | ',' | '!' | '&&' | '||' | '==' | '!=' | 'end';

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  /** 1-based column of the token's first character (length + 1 for `end`). */
  readonly column: number;
}

// Kubernetes label keys are `prefix/name` with DNS characters; Calico accepts the same set in selectors.
const IDENT_CHAR = /[A-Za-z0-9_.\-/]/;
const TWO_CHAR_TOKENS: readonly TokenType[] = ['&&', '||', '==', '!='];
const ONE_CHAR_TOKENS: readonly TokenType[] = ['(', ')', '{', '}', ',', '!'];

/** Splits a selector into tokens; the first bad character fails with its column. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2) as TokenType;
    if (TWO_CHAR_TOKENS.includes(two)) {
      tokens.push({ type: two, text: two, column: i + 1 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_TOKENS.includes(ch as TokenType)) {
      tokens.push({ type: ch as TokenType, text: ch, column: i + 1 });
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      // No escapes, as in Calico: label values cannot contain quotes of both kinds anyway.
      const close = source.indexOf(ch, i + 1);
      if (close === -1) throw new SelectorError(source, i + 1, 'unterminated string');
      tokens.push({ type: 'string', text: source.slice(i + 1, close), column: i + 1 });
      i = close + 1;
      continue;
    }
    if (IDENT_CHAR.test(ch)) {
      const start = i;
      while (i < source.length && IDENT_CHAR.test(source[i] as string)) i++;
      tokens.push({ type: 'ident', text: source.slice(start, i), column: start + 1 });
      continue;
    }
    throw new SelectorError(source, i + 1, `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ type: 'end', text: '', column: source.length + 1 });
  return tokens;
}
