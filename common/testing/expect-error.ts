import { expect } from 'chai';

import { TwillError } from '../errors.js';

/**
 * Runs `fn`, asserts it throws a TwillError with `code` whose message contains every string in
 * `messageParts`, and returns the error for further checks. Test-only (imports chai).
 */
export function expectTwillError(fn: () => unknown, code: string, ...messageParts: string[]): TwillError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) expect.fail(`expected a TwillError with code ${code}, but nothing was thrown`);
  expect(thrown).to.be.instanceOf(TwillError);
  const error = thrown as TwillError;
  expect(error.code, error.message).to.equal(code);
  for (const part of messageParts) expect(error.message).to.include(part);
  return error;
}
