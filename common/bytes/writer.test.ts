import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import { Reader } from './reader.js';
import { Writer } from './writer.js';

describe('Writer', () => {
  it('writes big-endian integers of each width', () => {
    const w = new Writer();
    w.u8(0x01).u16(0x0203).u32(0x04050607).u64(0x08090a0b0c0d0e0fn);
    expect(w.toBuffer().toString('hex')).to.equal('01020304050607' + '08090a0b0c0d0e0f');
    expect(w.length).to.equal(15);
  });

  it('writes maximum values of each width', () => {
    const w = new Writer()
      .u8(255)
      .u16(65535)
      .u32(4294967295)
      .u64((1n << 64n) - 1n);
    expect(w.toBuffer().toString('hex')).to.equal('ff' + 'ffff' + 'ffffffff' + 'ffffffffffffffff');
  });

  it('u64 accepts safe-integer numbers', () => {
    expect(new Writer().u64(65536).toBuffer().toString('hex')).to.equal('0000000000010000');
  });

  describe('VALUE_OUT_OF_RANGE', () => {
    const cases: Array<[string, (w: Writer) => unknown]> = [
      ['u8(256)', (w) => w.u8(256)],
      ['u8(-1)', (w) => w.u8(-1)],
      ['u8(1.5)', (w) => w.u8(1.5)],
      ['u8(NaN)', (w) => w.u8(NaN)],
      ['u16(65536)', (w) => w.u16(65536)],
      ['u32(2^32)', (w) => w.u32(2 ** 32)],
      ['u32(-1)', (w) => w.u32(-1)],
      ['u64(2^64)', (w) => w.u64(1n << 64n)],
      ['u64(-1n)', (w) => w.u64(-1n)],
      ['u64(2^53) as number', (w) => w.u64(2 ** 53)],
      ['fill(256, 1)', (w) => w.fill(256, 1)],
    ];
    for (const [name, write] of cases) {
      it(`${name} throws and writes nothing`, () => {
        const w = new Writer();
        expectTwillError(() => write(w), 'VALUE_OUT_OF_RANGE', 'is outside');
        expect(w.length).to.equal(0);
      });
    }
  });

  it('grows past its initial capacity and keeps earlier bytes', () => {
    const w = new Writer(1);
    for (let i = 0; i < 1000; i++) w.u16(i);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 1000; i++) expect(r.u16()).to.equal(i);
    r.expectEnd();
  });

  it('bytes() and fill() append', () => {
    const w = new Writer()
      .fill(0xff, 3)
      .bytes(Uint8Array.from([1, 2]))
      .bytes(new Uint8Array(0));
    expect(w.toBuffer().toString('hex')).to.equal('ffffff0102');
  });

  it('toBuffer() is a copy; the writer stays usable', () => {
    const w = new Writer().u8(1);
    const first = w.toBuffer();
    first[0] = 9;
    w.u8(2);
    expect(w.toBuffer().toString('hex')).to.equal('0102');
  });

  describe('length fields', () => {
    it('patches a 1-byte length with the bytes written after it', () => {
      const w = new Writer();
      w.u8(0xaa);
      const h = w.beginLength(1);
      w.u16(0x1234).u8(0x56);
      expect(w.endLength(h)).to.equal(3);
      expect(w.toBuffer().toString('hex')).to.equal('aa' + '03' + '123456');
    });

    it('supports 2- and 4-byte fields, nesting, and empty content', () => {
      const w = new Writer();
      const outer = w.beginLength(2);
      const inner = w.beginLength(4);
      w.u32(0xdeadbeef);
      w.endLength(inner);
      const empty = w.beginLength(1);
      w.endLength(empty);
      w.endLength(outer);
      expect(w.toBuffer().toString('hex')).to.equal('0009' + '00000004' + 'deadbeef' + '00');
    });

    it('applies an adjustment, e.g. a BGP header length that counts the whole message', () => {
      const w = new Writer();
      w.fill(0xff, 16);
      const h = w.beginLength(2);
      w.u8(4); // KEEPALIVE
      expect(w.endLength(h, 18)).to.equal(19);
      const bytes = w.toBuffer();
      expect(bytes.readUInt16BE(16)).to.equal(19);
      expect(bytes.length).to.equal(19);
    });

    it('throws VALUE_OUT_OF_RANGE when the content does not fit the field', () => {
      const w = new Writer();
      const h = w.beginLength(1);
      w.bytes(new Uint8Array(256));
      expectTwillError(() => w.endLength(h), 'VALUE_OUT_OF_RANGE', '256', '0..255');
    });

    it('allows exactly the maximum for the width', () => {
      const w = new Writer();
      const h = w.beginLength(1);
      w.bytes(new Uint8Array(255));
      expect(w.endLength(h)).to.equal(255);
      expect(w.toBuffer()[0]).to.equal(255);
    });

    it('requires fields to be closed innermost first, and only once', () => {
      const w = new Writer();
      const outer = w.beginLength(2);
      const inner = w.beginLength(2);
      expectTwillError(() => w.endLength(outer), 'UNBALANCED_LENGTH', 'innermost open field is at offset 2');
      w.endLength(inner);
      w.endLength(outer);
      expectTwillError(() => w.endLength(outer), 'UNBALANCED_LENGTH', 'not open');
    });

    it('toBuffer() refuses while a length is still open', () => {
      const w = new Writer();
      w.beginLength(2);
      expectTwillError(() => w.toBuffer(), 'UNBALANCED_LENGTH', 'still open');
    });

    it('rejects invalid field sizes', () => {
      expectTwillError(() => new Writer().beginLength(3 as 2), 'VALUE_OUT_OF_RANGE');
    });
  });

  it('patch() overwrites written bytes and checks range and position', () => {
    const w = new Writer().u32(0);
    w.patch(1, 2, 0xbeef);
    expect(w.toBuffer().toString('hex')).to.equal('00beef00');
    expectTwillError(() => w.patch(3, 2, 1), 'VALUE_OUT_OF_RANGE', 'only 4 written');
    expectTwillError(() => w.patch(0, 1, 256), 'VALUE_OUT_OF_RANGE');
  });

  it('round-trips with Reader', () => {
    const w = new Writer();
    const h = w.beginLength(2);
    w.u8(7)
      .u32(123456789)
      .u64(1n << 63n);
    w.endLength(h);
    const r = new Reader(w.toBuffer());
    const body = r.slice(r.u16());
    r.expectEnd();
    expect(body.u8()).to.equal(7);
    expect(body.u32()).to.equal(123456789);
    expect(body.u64()).to.equal(1n << 63n);
    body.expectEnd();
  });
});
