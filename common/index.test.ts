import { expect } from 'chai';

import * as common from './index.js';

describe('common public API', () => {
  it('exports the runtime names other layers rely on', () => {
    const names = [
      'TwillError',
      'assertNever',
      'isTwillError',
      'errorCode',
      'errorMessage',
      'IpError',
      'IPv4Address',
      'IPv6Address',
      'Prefix',
      'parseIpAddress',
      'tryParseIpAddress',
      'ipAddressFromBytes',
      'parsePrefix',
      'parsePrefixLoose',
      'tryParsePrefix',
      'compareIpAddresses',
      'comparePrefixes',
      'BytesError',
      'Reader',
      'Writer',
      'systemClock',
      'FakeClock',
      'nullLogger',
      'MemoryLogger',
      'parseLogLevel',
    ];
    for (const name of names) expect(common, name).to.have.property(name);
  });

  it('keeps winston out of the barrel (createLogger lives in log-winston.js)', () => {
    // Short-lived programs (twill-cni, once per pod) import the barrel; loading winston costs ~0.1 s.
    expect(common).not.to.have.property('createLogger');
  });

  it('works end to end through the barrel', () => {
    const prefix = common.parsePrefix('10.0.0.0/30');
    const w = new common.Writer().bytes(prefix.network.toBytes());
    const r = new common.Reader(w.toBuffer());
    expect(common.ipAddressFromBytes(r.bytes(4)).toString()).to.equal('10.0.0.0');
  });
});
