import { expect } from 'chai';

import { TwillError } from './errors.js';
import { IPv4Address } from './ip/ipv4.js';
import { Prefix } from './ip/prefix.js';
import { formatHumanLine, formatJsonLine, type LogRecord } from './log-format.js';
import { toLogValue } from './log-value.js';

const TIME = Date.UTC(2024, 0, 2, 3, 4, 5, 6);

function record(overrides: Partial<LogRecord> = {}): LogRecord {
  return { timeMs: TIME, level: 'info', component: 'bgp', msg: 'session up', fields: {}, ...overrides };
}

describe('formatJsonLine', () => {
  it('writes ts, level, component, msg, then the fields', () => {
    const line = formatJsonLine(record({ fields: { peer: '10.0.0.1', as: 65001 } }));
    expect(line).to.equal(
      '{"ts":"2024-01-02T03:04:05.006Z","level":"info","component":"bgp","msg":"session up","peer":"10.0.0.1","as":65001}',
    );
  });

  it('keeps the fixed keys when a field collides with one', () => {
    const parsed = JSON.parse(formatJsonLine(record({ fields: { level: 'x', msg: 'y', ts: 1 } }))) as Record<
      string,
      unknown
    >;
    expect(parsed['level']).to.equal('info');
    expect(parsed['msg']).to.equal('session up');
    expect(parsed['fields.level']).to.equal('x');
    expect(parsed['fields.msg']).to.equal('y');
    expect(parsed['fields.ts']).to.equal(1);
  });

  it('renders values JSON cannot hold directly', () => {
    const err = new TwillError('BAD', 'broken', { details: { offset: 3 } });
    const line = formatJsonLine(
      record({
        fields: {
          big: 1n << 64n,
          address: IPv4Address.parse('10.0.0.1'),
          prefix: Prefix.DEFAULT_IPV6,
          missing: undefined,
          nan: NaN,
          err,
        },
      }),
    );
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed['big']).to.equal('18446744073709551616');
    expect(parsed['address']).to.equal('10.0.0.1');
    expect(parsed['prefix']).to.equal('::/0');
    expect('missing' in parsed).to.equal(false);
    expect(parsed['nan']).to.equal('NaN');
    expect(parsed['err']).to.include({ name: 'TwillError', message: 'broken', code: 'BAD' });
    expect((parsed['err'] as { details: unknown }).details).to.deep.equal({ offset: 3 });
    expect((parsed['err'] as { stack: string }).stack).to.include('broken');
  });

  it('is always a single line', () => {
    const line = formatJsonLine(record({ msg: 'a\nb', fields: { s: 'c\nd' } }));
    expect(line.split('\n')).to.have.length(1);
  });
});

describe('formatHumanLine', () => {
  it('formats HH:MM:SS.mmm LEVEL [component] msg key=value', () => {
    const line = formatHumanLine(record({ fields: { peer: '10.0.0.1', as: 65001, up: true } }));
    expect(line).to.equal('03:04:05.006 INFO  [bgp] session up peer=10.0.0.1 as=65001 up=true');
  });

  it('pads the level so messages line up', () => {
    expect(formatHumanLine(record({ level: 'debug' }))).to.match(/^03:04:05\.006 DEBUG \[bgp\]/);
    expect(formatHumanLine(record({ level: 'warn' }))).to.match(/^03:04:05\.006 WARN {2}\[bgp\]/);
    expect(formatHumanLine(record({ level: 'error' }))).to.match(/^03:04:05\.006 ERROR \[bgp\]/);
  });

  it('quotes values that would break key=value parsing', () => {
    const line = formatHumanLine(
      record({
        fields: { reason: 'hold timer expired', eq: 'a=b', quote: 'say "hi"', empty: '', nl: 'x\ny' },
      }),
    );
    expect(line).to.equal(
      '03:04:05.006 INFO  [bgp] session up reason="hold timer expired" eq="a=b" quote="say \\"hi\\"" empty="" nl="x\\ny"',
    );
  });

  it('renders errors, objects, bigints and value types compactly', () => {
    const line = formatHumanLine(
      record({
        fields: {
          err: new TwillError('READ_OUT_OF_BOUNDS', 'short read'),
          plain: new RangeError('nope'),
          obj: { a: [1, 2n] },
          big: 5n,
          address: IPv4Address.parse('10.0.0.1'),
          nothing: null,
          skipped: undefined,
        },
      }),
    );
    expect(line).to.equal(
      '03:04:05.006 INFO  [bgp] session up err="READ_OUT_OF_BOUNDS: short read" plain="RangeError: nope" ' +
        'obj={"a":[1,"2"]} big=5 address=10.0.0.1 nothing=null',
    );
  });

  it('escapes line breaks in the message so an entry stays on one line', () => {
    const line = formatHumanLine(record({ msg: 'first\nINFO fake entry\r\n' }));
    expect(line).to.equal('03:04:05.006 INFO  [bgp] first\\nINFO fake entry\\r\\n');
  });
});

describe('toLogValue', () => {
  it('survives cycles, deep nesting and large buffers', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    expect(toLogValue(cyclic)).to.deep.include({ name: 'loop', self: '[Circular]' });

    // The same object twice (not a cycle) is rendered both times.
    const shared = { v: 1 };
    expect(JSON.stringify(toLogValue({ a: shared, b: shared }))).to.equal('{"a":{"v":1},"b":{"v":1}}');

    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(toLogValue(deep))).to.include('"[Object]"');

    expect(toLogValue(Buffer.from([0xde, 0xad]))).to.equal('dead');
    expect(toLogValue(new Uint8Array(100))).to.match(/^(00){64}\.\.\. \(100 bytes\)$/);
  });

  it('converts maps, sets, dates, long arrays and throwing toJSON', () => {
    expect(toLogValue(new Map([['k', 1n]]))).to.deep.equal(Object.assign(Object.create(null), { k: '1' }));
    expect(toLogValue(new Set([1, 2]))).to.deep.equal([1, 2]);
    expect(toLogValue(new Date(TIME))).to.equal('2024-01-02T03:04:05.006Z');
    const long = toLogValue(Array.from({ length: 150 }, (_, i) => i)) as unknown[];
    expect(long).to.have.length(101);
    expect(long[100]).to.equal('... 50 more');
    const bad = {
      toJSON(): never {
        throw new Error('nope');
      },
    };
    expect(toLogValue(bad)).to.equal('[unserializable: nope]');
  });

  it('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    expect(JSON.stringify(toLogValue(input))).to.equal('{"__proto__":{"polluted":true}}');
  });
});
