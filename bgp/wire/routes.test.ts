import { expect } from 'chai';
import { IPv6Address, Prefix } from '../../common/index.js';
import type { UpdateMessage } from './model.js';
import { describeNotificationCode } from './notification-codes.js';
import { routeChanges } from './routes.js';
import { buildReport, CLEAN_REPORT } from './update-report.js';
import { UpdateMessageError } from './errors.js';
import { nlri4 } from './testing/build.js';

const v6 = { prefix: Prefix.of(IPv6Address.parse('2001:db8::'), 32) };
const message: UpdateMessage = {
  type: 'update',
  withdrawnRoutes: [nlri4('192.0.2.0/24')],
  attributes: { origin: 'igp', asPath: [] },
  mpReach: { family: 'ipv6-unicast', nextHop: IPv6Address.parse('2001:db8::1'), nlri: [v6] },
  mpUnreach: { family: 'ipv6-unicast', withdrawnRoutes: [v6] },
  nlri: [nlri4('10.0.0.0/8')],
};

function finding(treatment: 'treat-as-withdraw' | 'afi-safi-disable' | 'attribute-discard', code = 1) {
  return new UpdateMessageError('OPTIONAL_ATTRIBUTE_ERROR', 'test', {
    treatment,
    notification: { code: 3, subcode: 9, data: Buffer.alloc(0) },
    attributeCode: code,
    ...(treatment === 'afi-safi-disable' ? { afiSafi: { afi: 2, safi: 1 } } : {}),
  });
}

describe('routeChanges: what an UPDATE means for the RIB (RFC 4271 §9, RFC 7606 §2)', () => {
  it('a clean UPDATE: its withdrawals and announcements per family', () => {
    const c = routeChanges(message, CLEAN_REPORT);
    expect(c.withdrawn).to.deep.equal([
      { family: 'ipv4-unicast', nlri: [nlri4('192.0.2.0/24')] },
      { family: 'ipv6-unicast', nlri: [v6] },
    ]);
    expect(c.announced).to.deep.equal([
      { family: 'ipv4-unicast', nlri: [nlri4('10.0.0.0/8')] },
      { family: 'ipv6-unicast', nlri: [v6] },
    ]);
  });
  it('treat-as-withdraw: announcements join the withdrawals of their family', () => {
    const c = routeChanges(message, buildReport([finding('treat-as-withdraw')], message));
    expect(c.announced).to.deep.equal([]);
    expect(c.withdrawn).to.deep.equal([
      { family: 'ipv4-unicast', nlri: [nlri4('192.0.2.0/24'), nlri4('10.0.0.0/8')] },
      { family: 'ipv6-unicast', nlri: [v6, v6] },
    ]);
  });
  it('RFC 4760 §7 AFI/SAFI disable: that family leaves both lists', () => {
    const c = routeChanges(message, buildReport([finding('afi-safi-disable', 14)], message));
    expect(c.disabled).to.deep.equal([{ afi: 2, safi: 1 }]);
    expect(c.withdrawn.map((w) => w.family)).to.deep.equal(['ipv4-unicast']);
    expect(c.announced.map((w) => w.family)).to.deep.equal(['ipv4-unicast']);
  });
  it('attribute discard changes no route', () => {
    const report = buildReport([finding('attribute-discard', 7)], message);
    expect(report.discardedAttributes).to.deep.equal([7]);
    expect(routeChanges(message, report).announced).to.have.length(2);
  });
});

describe('NOTIFICATION codes in words (RFC 4271 §4.5)', () => {
  it('names known codes and subcodes, numbers the rest', () => {
    expect(describeNotificationCode(2, 2)).to.equal('OPEN Message Error / Bad Peer AS');
    expect(describeNotificationCode(4, 0)).to.equal('Hold Timer Expired');
    expect(describeNotificationCode(6, 99)).to.equal('Cease / subcode 99');
    expect(describeNotificationCode(42, 1)).to.equal('Error Code 42 / subcode 1');
  });
});
