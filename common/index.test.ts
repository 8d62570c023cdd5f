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
      'createLogger',
      'nullLogger',
      'MemoryLogger',
      'parseLogLevel',
    ];
    for (const name of names) expect(common, name).to.have.property(name);
  });

  it('works end to end through the barrel', () => {
    const prefix = common.parsePrefix('10.0.0.0/30');
    const w = new common.Writer().bytes(prefix.network.toBytes());
    const r = new common.Reader(w.toBuffer());
    expect(common.ipAddressFromBytes(r.bytes(4)).toString()).to.equal('10.0.0.0');
  });
});
