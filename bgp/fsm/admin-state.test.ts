import { expect } from 'chai';

import {
  deconfigurePeer,
  disabledAdmin,
  disablePeer,
  ENABLED,
  enablePeer,
  resetPeer,
} from './admin-state.js';
import { CeaseSubcode } from './notification-codes.js';
import { encodeShutdownCommunication } from './shutdown-communication.js';

describe('admin state', () => {
  it('enabling a disabled peer starts it, actively or passively; enabling again does nothing', () => {
    const disabled = disabledAdmin('maintenance');
    expect(enablePeer(disabled, { passive: false })).to.deep.equal({
      admin: ENABLED,
      events: [{ type: 'ManualStart' }],
    });
    expect(enablePeer(disabled, { passive: true }).events).to.deep.equal([
      { type: 'ManualStart_with_PassiveTcpEstablishment' },
    ]);
    expect(enablePeer(ENABLED, { passive: false }).events).to.deep.equal([]);
  });

  it('disabling stops with Cease / Administrative Shutdown carrying the reason (RFC 9003)', () => {
    const change = disablePeer(ENABLED, 'rack 3 maintenance');
    expect(change.admin).to.deep.equal({ status: 'Disabled', reason: 'rack 3 maintenance' });
    expect(change.events).to.deep.equal([
      {
        type: 'ManualStop',
        ceaseSubcode: CeaseSubcode.AdministrativeShutdown,
        data: encodeShutdownCommunication('rack 3 maintenance'),
      },
    ]);
    // Disabling again only updates the reason.
    expect(disablePeer(change.admin, 'still maintenance')).to.deep.equal({
      admin: { status: 'Disabled', reason: 'still maintenance' },
      events: [],
    });
  });

  it('reset stops with Administrative Reset and starts again; nothing for a disabled peer', () => {
    const events = resetPeer(ENABLED, 'operator clear', { passive: true }).events;
    expect(events.map((e) => e.type)).to.deep.equal([
      'ManualStop',
      'ManualStart_with_PassiveTcpEstablishment',
    ]);
    expect(events[0]).to.include({ ceaseSubcode: CeaseSubcode.AdministrativeReset });
    expect(resetPeer(disabledAdmin('x'), 'y', { passive: false }).events).to.deep.equal([]);
  });

  it('removing a peer stops it with Peer De-configured', () => {
    expect(deconfigurePeer(ENABLED).events).to.deep.equal([
      { type: 'ManualStop', ceaseSubcode: CeaseSubcode.PeerDeconfigured },
    ]);
    expect(deconfigurePeer(disabledAdmin('x')).admin.status).to.equal('Disabled');
  });
});

describe('encodeShutdownCommunication (RFC 9003)', () => {
  it('is a length octet followed by UTF-8', () => {
    expect([...(encodeShutdownCommunication('hé') ?? [])]).to.deep.equal([3, 0x68, 0xc3, 0xa9]);
    expect(encodeShutdownCommunication('')).to.equal(undefined);
  });

  it('cuts at 255 octets without splitting a character', () => {
    const text = 'a' + '€'.repeat(100); // 1 + 300 octets
    const data = encodeShutdownCommunication(text) ?? new Uint8Array();
    expect(data[0]).to.equal(data.length - 1);
    expect(data.length - 1).to.be.at.most(255);
    // 'a' + 84 whole euro signs (3 octets each) = 253 octets; the 85th would not fit.
    expect(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(1))).to.equal('a' + '€'.repeat(84));
  });
});
