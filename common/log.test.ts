import { expect } from 'chai';

import { isLevelEnabled, LOG_LEVELS, logLevelRank, mergeFields, nullLogger, parseLogLevel } from './log.js';
import { MemoryLogger } from './log-memory.js';
import { expectTwillError } from './testing/expect-error.js';

describe('log levels', () => {
  it('rank in severity order', () => {
    expect(LOG_LEVELS.map(logLevelRank)).to.deep.equal([0, 1, 2, 3]);
  });

  it('isLevelEnabled compares against the threshold', () => {
    expect(isLevelEnabled('info', 'debug')).to.equal(false);
    expect(isLevelEnabled('info', 'info')).to.equal(true);
    expect(isLevelEnabled('info', 'error')).to.equal(true);
    expect(isLevelEnabled('error', 'warn')).to.equal(false);
    expect(isLevelEnabled('debug', 'debug')).to.equal(true);
  });

  it('parseLogLevel is case-insensitive and accepts "warning"', () => {
    expect(parseLogLevel('DEBUG')).to.equal('debug');
    expect(parseLogLevel(' info ')).to.equal('info');
    expect(parseLogLevel('Warning')).to.equal('warn');
    expect(parseLogLevel('error')).to.equal('error');
    expectTwillError(
      () => parseLogLevel('verbose'),
      'INVALID_LOG_LEVEL',
      '"verbose"',
      'debug, info, warn, error',
    );
    expectTwillError(() => parseLogLevel(undefined as unknown as string), 'INVALID_LOG_LEVEL');
  });
});

describe('mergeFields', () => {
  it('lets call-site fields win and avoids copies when one side is empty', () => {
    const bound = { a: 1, b: 2 };
    const call = { b: 3 };
    expect(mergeFields(bound, call)).to.deep.equal({ a: 1, b: 3 });
    expect(mergeFields(bound, undefined)).to.equal(bound);
    expect(mergeFields({}, call)).to.equal(call);
  });
});

describe('nullLogger', () => {
  it('accepts everything and returns itself as child', () => {
    nullLogger.debug('x', { a: 1 });
    nullLogger.info('x');
    nullLogger.warn('x');
    nullLogger.error('x');
    expect(nullLogger.child({ a: 1 })).to.equal(nullLogger);
  });
});

describe('MemoryLogger', () => {
  it('records level, message and fields', () => {
    const log = new MemoryLogger();
    log.debug('d');
    log.info('i', { peer: '10.0.0.1' });
    log.warn('w');
    log.error('e', { code: 'X' });
    expect(log.entries).to.deep.equal([
      { level: 'debug', msg: 'd', fields: {} },
      { level: 'info', msg: 'i', fields: { peer: '10.0.0.1' } },
      { level: 'warn', msg: 'w', fields: {} },
      { level: 'error', msg: 'e', fields: { code: 'X' } },
    ]);
    expect(log.messages()).to.deep.equal(['d', 'i', 'w', 'e']);
    expect(log.messages('warn')).to.deep.equal(['w']);
  });

  it('children bind fields and share the parent entry list', () => {
    const root = new MemoryLogger();
    const peer = root.child({ peer: '10.0.0.1', as: 65001 });
    const fsm = peer.child({ fsm: 'bgp' });
    fsm.info('state change', { as: 65002, to: 'Established' });
    peer.warn('hold timer expired');
    expect(root.entries).to.deep.equal([
      {
        level: 'info',
        msg: 'state change',
        fields: { peer: '10.0.0.1', as: 65002, fsm: 'bgp', to: 'Established' },
      },
      { level: 'warn', msg: 'hold timer expired', fields: { peer: '10.0.0.1', as: 65001 } },
    ]);
    expect(fsm.entries).to.equal(root.entries);
  });

  it('filters below its level and clear() empties the shared list', () => {
    const root = new MemoryLogger({ level: 'warn' });
    const child = root.child({ x: 1 });
    child.info('dropped');
    child.warn('kept');
    expect(root.messages()).to.deep.equal(['kept']);
    child.clear();
    expect(root.entries).to.have.length(0);
  });
});
