import { expect } from 'chai';
import fc from 'fast-check';

import { encodeFrame, FrameDecoder } from './frame.js';
import { protocolErrorCode as codeOf } from '../testing/protocol-error-code.js';
import { MESSAGE_TYPES, type MessageTypeCode } from './protocol.js';

const typeArb = fc.constantFrom(...(Object.values(MESSAGE_TYPES) as MessageTypeCode[]));
const frameArb = fc.record({ type: typeArb, body: fc.uint8Array({ maxLength: 300 }) });

describe('FrameDecoder', () => {
  it('yields the same frames however the byte stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (frames, cuts) => {
          const stream = Buffer.concat(frames.map((f) => encodeFrame(f.type, f.body)));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new FrameDecoder();
          const out = [];
          let start = 0;
          for (const point of [...points, stream.length]) {
            out.push(...decoder.push(stream.subarray(start, point)));
            start = point;
          }
          expect(out.map((f) => ({ type: f.type, body: new Uint8Array(f.body) }))).to.deep.equal(
            frames.map((f) => ({ type: f.type, body: new Uint8Array(f.body) })),
          );
          expect(decoder.bufferedBytes).to.equal(0);
        },
      ),
    );
  });

  it('refuses an oversized frame from its header alone, and stays failed', () => {
    const decoder = new FrameDecoder(1000);
    const header = Buffer.from([0, 0, 0x03, 0xea, MESSAGE_TYPES.HELLO, 0]); // length 1002
    expect(codeOf(() => decoder.push(header))).to.equal('FRAME_TOO_LARGE');
    expect(codeOf(() => decoder.push(encodeFrame(MESSAGE_TYPES.PONG, Buffer.alloc(0))))).to.equal(
      'FRAME_TOO_LARGE',
    );
  });

  it('accepts a frame exactly at the limit', () => {
    const decoder = new FrameDecoder(1002);
    expect(decoder.push(encodeFrame(MESSAGE_TYPES.HELLO, Buffer.alloc(1000)))).to.have.length(1);
  });

  it('rejects unknown types, reserved flags and impossible lengths', () => {
    expect(codeOf(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 2, 99, 0])))).to.equal(
      'UNKNOWN_MESSAGE_TYPE',
    );
    expect(codeOf(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 2, 7, 0x02])))).to.equal(
      'MALFORMED_FRAME',
    );
    expect(codeOf(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 1, 7, 0])))).to.equal(
      'MALFORMED_FRAME',
    );
  });
});
