import { expect } from 'chai';
import { codecContext, DEFAULT_CONTEXT } from './context.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { KEEPALIVE } from './keepalive.js';
import type { NotificationMessage, RouteRefreshMessage } from './model.js';
import { CeaseSubcode } from './notification-codes.js';
import { ceaseNotification, describeNotification, shutdownCommunication } from './notification.js';
import { decodeOk, frame, hex } from './testing/build.js';

function error(bytes: Buffer, ctx = DEFAULT_CONTEXT) {
  const r = decodeMessage(bytes, ctx);
  return r.ok ? expect.fail(`expected an error, got ${r.message.type}`) : r.error;
}

describe('message header (RFC 4271 §4.1, §6.1)', () => {
  it('Bad Message Type with the Type field as data', () => {
    const e = error(frame(9));
    expect([e.code, e.treatment]).to.deep.equal(['BAD_MESSAGE_TYPE', 'session-reset']);
    expect(e.notification).to.deep.equal({ code: 1, subcode: 3, data: hex('09') });
  });
  it('Bad Message Length when the Length field disagrees with the frame', () => {
    const bytes = frame(4);
    bytes.writeUInt16BE(20, 16);
    expect(error(bytes).code).to.equal('BAD_MESSAGE_LENGTH');
  });
  it('Bad Message Length for fewer than 19 octets', () => {
    expect(error(hex('ffff')).code).to.equal('BAD_MESSAGE_LENGTH');
  });
  it('RFC 8654 §4: an OPEN is never longer than 4096 octets, even with Extended Message', () => {
    const bytes = frame(1, Buffer.alloc(4100));
    expect(error(bytes, codecContext({ extendedMessage: true })).code).to.equal('BAD_MESSAGE_LENGTH');
  });
});

describe('KEEPALIVE (RFC 4271 §4.4)', () => {
  it('round trip: the header alone', () => {
    const bytes = encodeMessage(KEEPALIVE, DEFAULT_CONTEXT);
    expect(bytes.toString('hex')).to.equal('ff'.repeat(16) + '0013' + '04');
    expect(decodeOk(bytes, DEFAULT_CONTEXT).message).to.deep.equal({ type: 'keepalive' });
  });
  it('§6.1: a KEEPALIVE longer than 19 octets is Bad Message Length', () => {
    const e = error(frame(4, hex('00')));
    expect(e.notification).to.deep.equal({ code: 1, subcode: 2, data: hex('0014') });
  });
});

describe('NOTIFICATION (RFC 4271 §4.5)', () => {
  it('round trip with data', () => {
    const message: NotificationMessage = { type: 'notification', code: 2, subcode: 2, data: hex('fde8') };
    const bytes = encodeMessage(message, DEFAULT_CONTEXT);
    expect(bytes.toString('hex')).to.equal('ff'.repeat(16) + '0017' + '03' + '0202fde8');
    expect(decodeOk(bytes, DEFAULT_CONTEXT).message).to.deep.equal(message);
    expect(describeNotification(message)).to.equal('OPEN Message Error / Bad Peer AS');
  });
  it("the Data field is cut to fit the session's maximum message length", () => {
    const bytes = encodeMessage(
      { type: 'notification', code: 3, subcode: 9, data: Buffer.alloc(5000, 1) },
      DEFAULT_CONTEXT,
    );
    expect(bytes.length).to.equal(4096);
  });
  it('§6.1: shorter than 21 octets is Bad Message Length', () => {
    expect(error(frame(3, hex('06'))).code).to.equal('BAD_MESSAGE_LENGTH');
  });
  it('RFC 9003: Cease with a Shutdown Communication', () => {
    const message = ceaseNotification(CeaseSubcode.ADMINISTRATIVE_SHUTDOWN, 'maintenance — back soon');
    const decoded = decodeOk(encodeMessage(message, DEFAULT_CONTEXT), DEFAULT_CONTEXT)
      .message as NotificationMessage;
    expect(shutdownCommunication(decoded)).to.equal('maintenance — back soon');
    expect(describeNotification(decoded)).to.equal(
      'Cease / Administrative Shutdown: "maintenance — back soon"',
    );
  });
  it('RFC 9003 §2: a communication longer than 255 octets is refused; a malformed one is not shown', () => {
    expect(() => ceaseNotification(CeaseSubcode.ADMINISTRATIVE_RESET, 'x'.repeat(256))).to.throw(/255/);
    const bad: NotificationMessage = { type: 'notification', code: 6, subcode: 2, data: hex('05 6869') };
    expect(shutdownCommunication(bad)).to.equal(undefined);
    expect(shutdownCommunication({ ...bad, data: hex('02 c328') })).to.equal(undefined);
  });
});

describe('ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2)', () => {
  for (const [name, subtype] of [
    ['RFC 2918 request', 0],
    ['RFC 7313 BoRR', 1],
    ['RFC 7313 EoRR', 2],
  ] as const) {
    it(`round trip: ${name}`, () => {
      const message: RouteRefreshMessage = { type: 'route-refresh', afi: 2, safi: 1, subtype };
      const bytes = encodeMessage(message, DEFAULT_CONTEXT);
      expect(bytes.toString('hex')).to.equal('ff'.repeat(16) + '0017' + '05' + `00020${subtype}01`);
      expect(decodeOk(bytes, DEFAULT_CONTEXT).message).to.deep.equal(message);
    });
  }
  it('RFC 7313 §5: a wrong length is ROUTE-REFRESH Message Error / Invalid Message Length with the whole message', () => {
    const bytes = frame(5, hex('00010101 00'));
    const e = error(bytes);
    expect([e.code, e.treatment]).to.deep.equal(['ROUTE_REFRESH_INVALID_MESSAGE_LENGTH', 'session-reset']);
    expect(e.notification).to.deep.equal({ code: 7, subcode: 1, data: bytes });
  });
  it('RFC 7313 §5: an unknown subtype is decoded for the session to ignore', () => {
    expect(decodeOk(frame(5, hex('00010701 0000')), DEFAULT_CONTEXT).message).to.deep.include({ subtype: 7 });
  });
  it('§6.1: shorter than 23 octets is Bad Message Length', () => {
    expect(error(frame(5, hex('000101'))).code).to.equal('BAD_MESSAGE_LENGTH');
  });
});
