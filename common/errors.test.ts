import { expect } from 'chai';

import {
  assertNever,
  describeValue,
  errorCode,
  errorMessage,
  isTwillError,
  quoteInput,
  TwillError,
} from './errors.js';

class DemoError extends TwillError<'DEMO_A' | 'DEMO_B'> {}

describe('TwillError', () => {
  it('carries code, message, details and cause, and names itself after the subclass', () => {
    const cause = new Error('low level');
    const err = new DemoError('DEMO_A', 'something broke', { details: { offset: 3 }, cause });
    expect(err).to.be.instanceOf(Error);
    expect(err).to.be.instanceOf(TwillError);
    expect(err.name).to.equal('DemoError');
    expect(err.code).to.equal('DEMO_A');
    expect(err.message).to.equal('something broke');
    expect(err.details).to.deep.equal({ offset: 3 });
    expect(err.cause).to.equal(cause);
    expect(err.stack).to.include('something broke');
  });

  it('has no cause property unless one was given', () => {
    const err = new TwillError('X', 'm');
    expect('cause' in err).to.equal(false);
    expect(err.details).to.equal(undefined);
  });
});

describe('assertNever', () => {
  it('throws UNREACHABLE naming the unexpected value', () => {
    const value = 'surprise' as never;
    expect(() => assertNever(value))
      .to.throw(TwillError, '"surprise"')
      .with.property('code', 'UNREACHABLE');
  });

  it('is what an exhaustive switch falls through to', () => {
    type Shape = 'circle' | 'square';
    const area = (shape: Shape): number => {
      switch (shape) {
        case 'circle':
          return 3;
        case 'square':
          return 4;
        default:
          return assertNever(shape, 'shape');
      }
    };
    expect(area('square')).to.equal(4);
    expect(() => area('hexagon' as Shape)).to.throw('unexpected shape: "hexagon"');
  });
});

describe('error helpers', () => {
  it('isTwillError checks the class and optionally the code', () => {
    const err = new DemoError('DEMO_B', 'm');
    expect(isTwillError(err)).to.equal(true);
    expect(isTwillError(err, 'DEMO_B')).to.equal(true);
    expect(isTwillError(err, 'DEMO_A')).to.equal(false);
    expect(isTwillError(new Error('m'))).to.equal(false);
    expect(isTwillError({ code: 'DEMO_B' }, 'DEMO_B')).to.equal(false);
  });

  it('errorCode reads TwillError and Node system error codes', () => {
    expect(errorCode(new DemoError('DEMO_A', 'm'))).to.equal('DEMO_A');
    expect(errorCode(Object.assign(new Error('m'), { code: 'ENOENT' }))).to.equal('ENOENT');
    expect(errorCode(Object.assign(new Error('m'), { code: 42 }))).to.equal(undefined);
    expect(errorCode('ENOENT')).to.equal(undefined);
    expect(errorCode(null)).to.equal(undefined);
  });

  it('errorMessage describes anything thrown', () => {
    expect(errorMessage(new DemoError('DEMO_A', 'bad'))).to.equal('DEMO_A: bad');
    expect(errorMessage(new RangeError('too big'))).to.equal('RangeError: too big');
    expect(errorMessage('oops')).to.equal('non-error thrown: "oops"');
  });

  it('quoteInput escapes and truncates', () => {
    expect(quoteInput('a b\n')).to.equal('"a b\\n"');
    expect(quoteInput('x'.repeat(100), 10)).to.equal('"xxxxxxxxxx"... (100 chars)');
    expect(quoteInput(undefined)).to.equal('undefined (not a string)');
    expect(quoteInput(42)).to.equal('42 (not a string)');
  });

  it('describeValue never throws', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).to.equal('[object Object]');
    expect(describeValue(5n)).to.equal('5n');
    expect(describeValue({ a: 1n })).to.equal('{"a":"1n"}');
    expect(describeValue(null)).to.equal('null');
    expect(describeValue(Symbol('s'))).to.equal('Symbol(s)');
    expect(describeValue({ long: 'y'.repeat(200) })).to.match(/^\{"long":"y+\.\.\.$/);
  });
});
