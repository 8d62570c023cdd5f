import { expect } from 'chai';

import { isTwillError } from '../../common/index.js';
import { parseBgpdConfig } from './config.js';

const HEAD = `
localAs: 65010
routerId: 10.0.0.10
controlSocket: /tmp/bgpd.sock
`;

function problems(text: string): string[] {
  try {
    parseBgpdConfig(HEAD + text);
  } catch (err) {
    if (isTwillError(err, 'INVALID_CONFIG'))
      return (err.details?.problems as string[] | undefined) ?? [err.message];
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('twill-bgpd configuration: policies and route reflection', () => {
  it('reads named and inline policies, every match and set field, RR fields and the RFC 8212 switch', () => {
    const c = parseBgpdConfig(`${HEAD}
clusterId: 10.0.0.99
ebgpRequiresPolicy: false
policies:
  in:
    default: reject
    rules:
      - name: r1
        match:
          prefixes: [{ prefix: 10.244.0.0/16, ge: 24, le: 26 }, 10.96.0.0/12]
          family: ipv4-unicast
          peerType: ebgp
          asPath: { regexp: '^65100', contains: 65100 }
          communities: { any: ['65000:1', graceful-shutdown], all: ['65000:2'] }
          largeCommunities: { any: ['65000:1:2'] }
          nextHop: [10.0.0.0/8, 192.0.2.1]
          origin: igp
        set:
          localPref: 200
          med: 10
          communities: { add: ['65000:9'], remove: ['65000:1'], replace: [] }
          largeCommunities: { add: ['65000:1:9'] }
          prependAsPath: 2
        then: accept
peers:
  - { address: 10.0.0.1, asn: 65100, importPolicy: in, exportPolicy: { default: accept, rules: [{ set: { nextHop: self }, then: accept }] } }
  - { address: 10.0.0.2, asn: 65010, routeReflectorClient: true, clusterId: 10.0.0.98 }
`);
    expect(c.clusterId?.toString()).to.equal('10.0.0.99');
    expect(c.ebgpRequiresPolicy).to.equal(false);
    const [tor, client] = c.peers;
    const rule = tor?.importPolicy?.rules[0];
    expect(tor?.importPolicy?.default).to.equal('reject');
    expect(rule?.match?.prefixes?.map((p) => [p.prefix.toString(), p.ge, p.le])).to.deep.equal([
      ['10.244.0.0/16', 24, 26],
      ['10.96.0.0/12', undefined, undefined],
    ]);
    expect(rule?.match?.communities?.any).to.deep.equal([65000 * 65536 + 1, 0xffff0000]);
    expect(rule?.match?.nextHop?.map(String)).to.deep.equal(['10.0.0.0/8', '192.0.2.1/32']);
    expect(rule?.set).to.deep.include({ localPref: 200, med: 10, prependAsPath: 2 });
    expect(rule?.then).to.equal('accept');
    expect(tor?.exportPolicy?.rules[0]?.set?.nextHop).to.equal('self');
    expect(client?.routeReflectorClient).to.equal(true);
    expect(client?.clusterId?.toString()).to.equal('10.0.0.98');
  });

  it('names every wrong field with its path', () => {
    const found = problems(`
policies:
  bad:
    default: maybe
    rules:
      - match: { prefixes: [{ prefix: 10.0.0.0/16, ge: 8 }], asPath: { regexp: '(' }, colour: red }
        then: accept
      - set: { communities: { add: ['70000:1'] } }
peers:
  - { address: 10.0.0.1, asn: 65100, importPolicy: nope }
  - { address: 10.0.0.2, asn: 65100, routeReflectorClient: true, clusterId: 'fd00::1' }
  - { address: 10.0.0.3, asn: 65100, importPolicy: { default: accept, rules: [{ set: { nextHop: self }, then: accept }] } }
  - { address: 10.0.0.4, asn: 65100, exportPolicy: { default: accept, rules: [{ match: { asPath: { regexp: '(' } }, then: reject }] } }
`);
    const has = (re: RegExp) =>
      expect(
        found.some((p) => re.test(p)),
        `${re} in\n${found.join('\n')}`,
      ).to.equal(true);
    has(/^policies\.bad\.default: must be one of accept, reject/);
    has(/^policies\.bad\.rules\[0\]\.match\.prefixes\[0\]\.ge: must be an integer 16\.\.32, got 8/);
    has(/^policies\.bad\.rules\[0\]\.match\.colour: unknown field/);
    has(/^policies\.bad\.rules\[1\]\.set\.communities\.add\[0\]: must be "AS:value"/);
    has(/^peers\[0\]\.importPolicy: no policy named "nope"/);
    has(/^peers\[1\]\.routeReflectorClient: only an iBGP peer/);
    has(/^peers\[1\]\.clusterId: must be an IPv4 address/);
    has(/^peers\[2\]\.importPolicy\.rules\[0\]\.set\.nextHop: 'self' only applies to export policies/);
    has(/^peers\[3\]\.exportPolicy\.rules\[0\]\.match\.asPath\.regexp: not a valid regular expression/);
  });
});
