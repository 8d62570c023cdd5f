import { expect } from 'chai';

import { formatAutodetectionMethod, parseAutodetectionMethod } from './autodetection-method.js';

describe('autodetection method', () => {
  const good: Array<[string, 4 | 6, unknown]> = [
    ['first-found', 4, { kind: 'first-found' }],
    ['none', 6, { kind: 'none' }],
    ['interface=eth.*', 4, { kind: 'interface', pattern: 'eth.*' }],
    ['skip-interface=^(docker|veth)', 4, { kind: 'skip-interface', pattern: '^(docker|veth)' }],
    ['can-reach=8.8.8.8', 4, { kind: 'can-reach', destination: '8.8.8.8' }],
    ['can-reach=www.example.com', 6, { kind: 'can-reach', destination: 'www.example.com' }],
    ['cidr=10.0.0.0/8, 192.168.0.0/16', 4, { kind: 'cidr', cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }],
    ['10.0.1.5/24', 4, { kind: 'fixed', address: '10.0.1.5/24' }],
    ['10.0.1.5', 4, { kind: 'fixed', address: '10.0.1.5' }],
    ['fd00::5/64', 6, { kind: 'fixed', address: 'fd00::5/64' }],
  ];
  for (const [text, family, expected] of good) {
    it(`reads ${text} (IPv${family}) and prints it back`, () => {
      const method = parseAutodetectionMethod(text, family);
      expect(method).to.deep.equal(expected);
      if (typeof method === 'string') return;
      expect(parseAutodetectionMethod(formatAutodetectionMethod(method), family)).to.deep.equal(method);
    });
  }

  const bad: Array<[string, 4 | 6, RegExp]> = [
    ['first_found', 4, /not a method/],
    ['interface=', 4, /needs a value/],
    ['can-reach=fd00::1', 4, /not an IPv4 address/],
    ['can-reach=bad_name!', 4, /neither an IP address nor a DNS name/],
    ['cidr=10.0.0.0/33', 4, /not an IPv4 CIDR/],
    ['10.0.1.5', 6, /not a method/],
  ];
  for (const [text, family, message] of bad) {
    it(`refuses ${text} (IPv${family})`, () => {
      expect(parseAutodetectionMethod(text, family)).to.be.a('string').that.matches(message);
    });
  }
});
