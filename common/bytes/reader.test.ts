import { expect } from 'chai';

import { expectTwillError } from '../testing/expect-error.js';
import { Reader } from './reader.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('Reader', () => {
  it('reads big-endian integers of each width', () => {
    const r = new Reader(hex('01 0203 04050607 08090a0b0c0d0e0f'));
    expect(r.u8()).to.equal(0x01);
    expect(r.u16()).to.equal(0x0203);
    expect(r.u32()).to.equal(0x04050607);
    expect(r.u64()).to.equal(0x08090a0b0c0d0e0fn);
    expect(r.remaining).to.equal(0);
    r.expectEnd();
  });

  it('reads unsigned values with the top bit set', () => {
    const r = new Reader(hex('ff ffff ffffffff ffffffffffffffff'));
    expect(r.u8()).to.equal(255);
    expect(r.u16()).to.equal(65535);
    expect(r.u32()).to.equal(4294967295);
    expect(r.u64()).to.equal(18446744073709551615n);
  });

  it('tracks position and remaining', () => {
    const r = new Reader(hex('00112233'));
    expect(r.length).to.equal(4);
    expect(r.position).to.equal(0);
    r.u8();
    expect(r.position).to.equal(1);
    expect(r.remaining).to.equal(3);
    expect(r.peekU8()).to.equal(0x11);
    expect(r.position).to.equal(1);
    r.skip(2);
    expect(r.remaining).to.equal(1);
    expect(r.isAtEnd()).to.equal(false);
    r.u8();
    expect(r.isAtEnd()).to.equal(true);
  });

  it('bytes(n) returns a copy', () => {
    const source = hex('aabbccdd');
    const r = new Reader(source);
    r.u8();
    const out = r.bytes(2);
    expect(out.toString('hex')).to.equal('bbcc');
    source[1] = 0;
    expect(out.toString('hex')).to.equal('bbcc');
    expect(r.u8()).to.equal(0xdd);
  });

  it('respects a window given by offset and length', () => {
    const r = new Reader(hex('00 1122 33'), 1, 2);
    expect(r.length).to.equal(2);
    expect(r.u16()).to.equal(0x1122);
    expectTwillError(() => r.u8(), 'READ_OUT_OF_BOUNDS', 'at offset 3', 'only 0 available');
  });

  it('works over a Uint8Array view into a larger ArrayBuffer', () => {
    const backing = new Uint8Array([9, 9, 9, 0x12, 0x34, 0x56, 0x78, 9]);
    const r = new Reader(backing.subarray(3, 7));
    expect(r.u32()).to.equal(0x12345678);
    expect(r.remaining).to.equal(0);
  });

  it('slice(n) gives a bounded sub-reader and advances the parent', () => {
    const r = new Reader(hex('02 aabb cc'));
    const len = r.u8();
    const sub = r.slice(len);
    expect(r.u8()).to.equal(0xcc);
    expect(sub.length).to.equal(2);
    expect(sub.position).to.equal(0);
    expect(sub.absolutePosition).to.equal(1);
    expect(sub.u8()).to.equal(0xaa);
    // The sub-reader must not see past its window even though the buffer continues.
    const err = expectTwillError(
      () => sub.u16(),
      'READ_OUT_OF_BOUNDS',
      'cannot read 2 bytes at offset 2',
      'only 1 available',
    );
    expect(err.details).to.deep.equal({ offset: 2, wanted: 2, available: 1 });
    expect(sub.u8()).to.equal(0xbb);
  });

  it('rest() takes everything left', () => {
    const r = new Reader(hex('01 0203'));
    r.u8();
    const rest = r.rest();
    expect(r.isAtEnd()).to.equal(true);
    expect(rest.u16()).to.equal(0x0203);
  });

  describe('out of bounds', () => {
    const widths: Array<[string, (r: Reader) => unknown, number]> = [
      ['u8', (r) => r.u8(), 1],
      ['u16', (r) => r.u16(), 2],
      ['u32', (r) => r.u32(), 4],
      ['u64', (r) => r.u64(), 8],
      ['bytes(5)', (r) => r.bytes(5), 5],
      ['slice(5)', (r) => r.slice(5), 5],
      ['skip(5)', (r) => r.skip(5), 5],
      ['peekU8', (r) => r.peekU8(), 1],
    ];
    for (const [name, read, wanted] of widths) {
      it(`${name} reports offset, wanted and available, and does not move`, () => {
        const buffer = Buffer.alloc(wanted + 2);
        const r = new Reader(buffer);
        r.skip(3);
        const available = buffer.length - 3;
        const err = expectTwillError(
          () => read(r),
          'READ_OUT_OF_BOUNDS',
          `cannot read ${wanted} bytes at offset 3: only ${available} available`,
        );
        expect(err.details).to.deep.equal({ offset: 3, wanted, available });
        expect(r.position).to.equal(3);
      });
    }

    it('rejects negative and fractional lengths', () => {
      const r = new Reader(Buffer.alloc(4));
      expectTwillError(() => r.bytes(-1), 'READ_OUT_OF_BOUNDS');
      expectTwillError(() => r.slice(1.5), 'READ_OUT_OF_BOUNDS');
      expect(r.position).to.equal(0);
    });

    it('rejects a window beyond the buffer', () => {
      expectTwillError(() => new Reader(Buffer.alloc(4), 2, 3), 'READ_OUT_OF_BOUNDS', 'only 2 available');
      expectTwillError(() => new Reader(Buffer.alloc(4), -1), 'READ_OUT_OF_BOUNDS');
    });
  });

  it('expectEnd throws TRAILING_BYTES when bytes are left', () => {
    const r = new Reader(hex('0102'));
    r.u8();
    const err = expectTwillError(() => r.expectEnd(), 'TRAILING_BYTES', '1 bytes remain', 'offset 1');
    expect(err.details).to.deep.equal({ offset: 1, remaining: 1 });
  });
});
