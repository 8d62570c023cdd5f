import { expect } from 'chai';

import { describeDownCause } from './describe-down.js';

describe('last error in words', () => {
  it('names received and sent NOTIFICATIONs by code/subcode and subcode name', () => {
    expect(describeDownCause({ event: 'NotifMsg', received: { code: 2, subcode: 2 } })).to.equal(
      'Received NOTIFICATION 2/2 Bad Peer AS',
    );
    expect(describeDownCause({ event: 'HoldTimer_Expires', sent: { code: 4, subcode: 0 } })).to.equal(
      'Sent NOTIFICATION 4/0 Hold Timer Expired',
    );
  });

  it('says why a connection failed without a NOTIFICATION', () => {
    expect(describeDownCause({ event: 'TcpConnectionFails' }, 'ECONNREFUSED')).to.equal(
      'TCP connection failed: ECONNREFUSED',
    );
    expect(describeDownCause({ event: 'HoldTimer_Expires' })).to.equal('Hold timer expired');
  });
});
