import { expect } from 'chai';
import fc from 'fast-check';
import { Framer } from './framer.js';
import { frame, hex } from './testing/build.js';

const KEEPALIVE = frame(4);
const NOTIFICATION = frame(3, hex('0602'));

describe('Framer (RFC 4271 §4.1)', () => {
  it('returns whole messages from one chunk holding several', () => {
    const f = new Framer();
    f.push(Buffer.concat([KEEPALIVE, NOTIFICATION, KEEPALIVE]));
    const frames = [...f.frames()];
    expect(frames.map((r) => r.ok && r.type)).to.deep.equal([4, 3, 4]);
    expect(frames[1]?.ok && frames[1].frame.toString('hex')).to.equal(NOTIFICATION.toString('hex'));
    expect(f.bufferedLength).to.equal(0);
  });

  it('waits for the rest of a message split across chunks, byte by byte', () => {
    const f = new Framer();
    const stream = Buffer.concat([NOTIFICATION, KEEPALIVE]);
    const out: string[] = [];
    for (const byte of stream) {
      f.push(Uint8Array.of(byte));
      for (const r of f.frames()) if (r.ok) out.push(r.frame.toString('hex'));
    }
    expect(out).to.deep.equal([NOTIFICATION.toString('hex'), KEEPALIVE.toString('hex')]);
  });

  it('gives the same messages however the stream is cut (property)', () => {
    const messages = [KEEPALIVE, NOTIFICATION, frame(2, Buffer.alloc(4000, 0)), frame(5, hex('00010001'))];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 600 })),
        (order, cuts) => {
          const stream = Buffer.concat(order.map((i) => messages[i] as Buffer));
          const f = new Framer();
          const got: string[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = cuts.length === 0 ? stream.length : (cuts[i % cuts.length] as number);
            f.push(stream.subarray(at, at + size));
            at += size;
            for (const r of f.frames()) if (r.ok) got.push(r.frame.toString('hex'));
          }
          expect(got).to.deep.equal(order.map((i) => (messages[i] as Buffer).toString('hex')));
        },
      ),
    );
  });

  it('§6.1 Connection Not Synchronized when the Marker is not all ones', () => {
    const f = new Framer();
    const bad = Buffer.from(KEEPALIVE);
    bad[3] = 0xfe;
    f.push(bad);
    const r = f.next();
    expect(r?.ok).to.equal(false);
    if (r?.ok !== false) return;
    expect(r.error.code).to.equal('CONNECTION_NOT_SYNCHRONIZED');
    expect(r.error.treatment).to.equal('session-reset');
    expect(r.error.notification).to.deep.include({ code: 1, subcode: 1 });
  });

  for (const length of [0, 18, 4097, 65535]) {
    it(`§6.1 Bad Message Length for Length ${length}, with the Length field as data`, () => {
      const f = new Framer();
      const bad = Buffer.from(KEEPALIVE);
      bad.writeUInt16BE(length, 16);
      f.push(bad);
      const r = f.next();
      if (r?.ok !== false) return expect.fail('expected an error');
      expect(r.error.code).to.equal('BAD_MESSAGE_LENGTH');
      expect(r.error.notification.code).to.equal(1);
      expect(r.error.notification.subcode).to.equal(2);
      expect(r.error.notification.data.readUInt16BE(0)).to.equal(length);
    });
  }

  it('RFC 8654: accepts up to 65535 octets once Extended Message is negotiated', () => {
    const big = frame(2, Buffer.alloc(60000));
    const f = new Framer();
    f.push(big);
    expect(f.next()?.ok).to.equal(false);
    const g = new Framer(65535);
    g.push(big);
    const r = g.next();
    expect(r?.ok && r.frame.length).to.equal(60019);
  });

  it('keeps returning the error after one: the stream is out of sync', () => {
    const f = new Framer();
    f.push(hex('00'.repeat(19)));
    expect(f.next()?.ok).to.equal(false);
    f.push(KEEPALIVE);
    expect(f.next()?.ok).to.equal(false);
    expect([...f.frames()]).to.have.length(1);
  });

  it('returns undefined until a header is complete', () => {
    const f = new Framer();
    f.push(KEEPALIVE.subarray(0, 18));
    expect(f.next()).to.equal(undefined);
    f.push(KEEPALIVE.subarray(18));
    expect(f.next()?.ok).to.equal(true);
  });
});
