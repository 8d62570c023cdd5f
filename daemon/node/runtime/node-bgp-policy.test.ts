import { expect } from 'chai';

import { parsePrefix } from '../../../common/index.js';
import { CompiledPolicy, type PeerType } from '../../../bgp/policy/index.js';
import { nodeBgpPolicies } from './node-bgp-policy.js';

describe('nodeBgpPolicies (what a node exchanges with eBGP peers such as ToRs)', () => {
  const { importPolicy, exportPolicy } = nodeBgpPolicies(
    ['10.244.0.0/16', 'fd00:244::/48'],
    ['10.96.0.0/12'],
  );
  const verdict = (policy: CompiledPolicy, prefix: string, peerType: PeerType) =>
    policy.evaluate(
      {
        prefix: parsePrefix(prefix),
        family: prefix.includes(':') ? 'ipv6-unicast' : 'ipv4-unicast',
        attributes: {},
        peerType,
      },
      { localAs: 64512 },
    ).verdict;

  it('exports pool prefixes (own and learned from other nodes) and our own services, nothing else', () => {
    const out = CompiledPolicy.compile(exportPolicy, 'export');
    expect(verdict(out, '10.244.1.0/26', 'local')).to.equal('accept');
    expect(verdict(out, '10.244.2.0/26', 'ibgp')).to.equal('accept');
    expect(verdict(out, '10.244.2.7/32', 'local')).to.equal('accept');
    expect(verdict(out, 'fd00:244:0:1::/64', 'local')).to.equal('accept');
    expect(verdict(out, '10.96.0.0/12', 'local')).to.equal('accept');
    // A service CIDR another node announced, a default route, an underlay prefix: never.
    expect(verdict(out, '10.96.0.0/12', 'ibgp')).to.equal('reject');
    expect(verdict(out, '0.0.0.0/0', 'ebgp')).to.equal('reject');
    expect(verdict(out, '10.0.1.0/24', 'ebgp')).to.equal('reject');
  });

  it('imports pool prefixes only', () => {
    const inp = CompiledPolicy.compile(importPolicy, 'import');
    expect(verdict(inp, '10.244.7.0/26', 'ebgp')).to.equal('accept');
    expect(verdict(inp, '0.0.0.0/0', 'ebgp')).to.equal('reject');
    expect(verdict(inp, '10.0.1.0/24', 'ebgp')).to.equal('reject');
  });

  it('rejects everything without pools (RFC 8212 stays meaningful)', () => {
    const none = nodeBgpPolicies([], []);
    expect(verdict(CompiledPolicy.compile(none.exportPolicy, 'export'), '10.244.1.0/26', 'local')).to.equal(
      'reject',
    );
  });
});
