import { expect } from 'chai';
import fc from 'fast-check';

import { BULK_DEFLATE_LEVEL, encodeCompressedFrame, plainBody } from './compression.js';
import { FrameDecoder } from './frame.js';
import {
  decodeMessage,
  encodeDeltaBody,
  encodeGoodbyeBody,
  encodePingBody,
  encodePositionStatusBody,
  encodeSnapshotBatchBody,
  encodeSnapshotEntry,
} from './messages.js';
import { protocolErrorCode as codeOf } from '../testing/protocol-error-code.js';
import { FLAG_DEFLATE, MESSAGE_TYPES } from './protocol.js';

describe('typha messages', () => {
  it('round-trip deltas, statuses, pings and goodbyes', () => {
    const json = Buffer.from('{"kind":"IPPool"}');
    expect(decodeMessage(MESSAGE_TYPES.DELTA, encodeDeltaBody(2 ** 40, 'deleted', json))).to.deep.equal({
      type: 'DELTA',
      position: 2 ** 40,
      op: 'deleted',
      resource: json,
    });
    expect(decodeMessage(MESSAGE_TYPES.STATUS, encodePositionStatusBody(7, 'resync'))).to.deep.equal({
      type: 'STATUS',
      position: 7,
      status: 'resync',
    });
    expect(decodeMessage(MESSAGE_TYPES.PING, encodePingBody(9))).to.deep.equal({ type: 'PING', position: 9 });
    expect(decodeMessage(MESSAGE_TYPES.GOODBYE, encodeGoodbyeBody('over-capacity', 'go'))).to.deep.equal({
      type: 'GOODBYE',
      reason: 'over-capacity',
      message: 'go',
    });
  });

  it('round-trips snapshot batches of any entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 20 }), (entries) => {
        const body = encodeSnapshotBatchBody(entries.map((e) => encodeSnapshotEntry(Buffer.from(e))));
        const message = decodeMessage(MESSAGE_TYPES.SNAPSHOT_BATCH, body);
        expect(message.type === 'SNAPSHOT_BATCH' && message.resources.map((r) => [...r])).to.deep.equal(
          entries.map((e) => [...e]),
        );
      }),
    );
  });

  it('rejects truncated, padded and out-of-range bodies as MALFORMED_FRAME', () => {
    const batch = encodeSnapshotBatchBody([encodeSnapshotEntry(Buffer.from('{}'))]);
    expect(
      codeOf(() => decodeMessage(MESSAGE_TYPES.SNAPSHOT_BATCH, batch.subarray(0, batch.length - 1))),
    ).to.equal('MALFORMED_FRAME');
    expect(
      codeOf(() => decodeMessage(MESSAGE_TYPES.SNAPSHOT_BATCH, Buffer.concat([batch, Buffer.from([0])]))),
    ).to.equal('MALFORMED_FRAME');
    expect(codeOf(() => decodeMessage(MESSAGE_TYPES.PING, Buffer.alloc(3)))).to.equal('MALFORMED_FRAME');
    expect(
      codeOf(() => decodeMessage(MESSAGE_TYPES.STATUS, Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 9]))),
    ).to.equal('MALFORMED_FRAME');
    expect(
      codeOf(() => decodeMessage(MESSAGE_TYPES.DELTA, Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 3, 0x7b]))),
    ).to.equal('MALFORMED_FRAME');
    expect(codeOf(() => decodeMessage(MESSAGE_TYPES.GOODBYE, Buffer.from('{}')))).to.equal('MALFORMED_FRAME');
    expect(
      codeOf(() => decodeMessage(MESSAGE_TYPES.PING, Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0]))),
    ).to.equal('MALFORMED_FRAME');
  });

  it('compresses large bodies only, and inflates them back when deflate was agreed', () => {
    const body = Buffer.from('{"spec":"'.padEnd(5000, 'x') + '"}');
    const frame = new FrameDecoder().push(encodeCompressedFrame(MESSAGE_TYPES.DELTA, body, 1024))[0];
    expect(frame?.flags).to.equal(FLAG_DEFLATE);
    expect(frame?.body.length).to.be.below(body.length / 10);
    expect(plainBody(frame!, true, 1 << 20).equals(body)).to.equal(true);
    expect(codeOf(() => plainBody(frame!, false, 1 << 20))).to.equal('NOT_NEGOTIATED');
    // A small frame must not inflate past the limit (no decompression bombs).
    expect(codeOf(() => plainBody(frame!, true, 1000))).to.equal('MALFORMED_FRAME');
    const small = new FrameDecoder().push(
      encodeCompressedFrame(MESSAGE_TYPES.DELTA, Buffer.from('{}'), 1024),
    )[0];
    expect(small?.flags).to.equal(0);
  });

  it('deflates at the bulk level too, and the receiver needs nothing to know which level it was', () => {
    const body = Buffer.from(
      Array.from({ length: 400 }, (_, i) => `{"name":"pod-${i}","ip":"10.0.${i >> 8}.${i & 255}"}`).join(''),
    );
    const fast = new FrameDecoder().push(
      encodeCompressedFrame(MESSAGE_TYPES.SNAPSHOT_BATCH, body, 1024, BULK_DEFLATE_LEVEL),
    )[0];
    expect(fast?.flags).to.equal(FLAG_DEFLATE);
    expect(fast?.body.length).to.be.below(body.length / 3);
    expect(plainBody(fast!, true, 1 << 20).equals(body)).to.equal(true);
  });
});
