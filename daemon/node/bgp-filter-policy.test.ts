import { expect } from 'chai';

import { parsePrefix } from '../../common/index.js';
import { CompiledPolicy, type PolicyConfig } from '../../bgp/policy/index.js';
import type { BGPFilterRule, BGPFilterSpec } from '../../datastore/index.js';
import { composeFilterPolicy } from './bgp-filter-policy.js';
import type { DesiredBgpPeer } from './calc/index.js';
import { nodeBgpPolicies } from './runtime/node-bgp-policy.js';
import { toPeerConfig } from './speaker-peer-config.js';

/** The verdict a policy gives a route of this prefix, learned from an eBGP peer (or our own: local). */
function verdict(
  policy: PolicyConfig | undefined,
  prefix: string,
  peerType: 'ebgp' | 'local' = 'ebgp',
): string {
  if (policy === undefined) return 'no policy';
  const p = parsePrefix(prefix);
  const compiled = CompiledPolicy.compile(policy, 'import');
  const route = {
    prefix: p,
    family: p.family === 4 ? ('ipv4-unicast' as const) : ('ipv6-unicast' as const),
    attributes: { origin: 'igp' as const, asPath: [] },
    peerType,
  };
  return compiled.evaluate(route, { localAs: 64512 }).verdict;
}

/** One filter with one importV4 rule (or V6 by the cidr's family), composed over "default accept". */
function oneRule(rule: BGPFilterRule, family: 4 | 6 = 4): PolicyConfig {
  const spec: BGPFilterSpec = family === 4 ? { importV4: [rule] } : { importV6: [rule] };
  const base: PolicyConfig = { rules: [], default: 'accept' };
  const composed = composeFilterPolicy(['f'], new Map([['f', spec]]), 'import', family, base);
  return composed.policy as PolicyConfig;
}

describe('BGPFilter → bgp/policy (Calico semantics)', () => {
  it('Equal matches the cidr exactly, NotEqual everything else', () => {
    const eq = oneRule({ action: 'Reject', cidr: '10.244.1.0/24', matchOperator: 'Equal' });
    expect(verdict(eq, '10.244.1.0/24')).to.equal('reject');
    expect(verdict(eq, '10.244.1.0/25')).to.equal('accept');
    expect(verdict(eq, '10.244.0.0/16')).to.equal('accept');
    const ne = oneRule({ action: 'Reject', cidr: '10.244.1.0/24', matchOperator: 'NotEqual' });
    expect(verdict(ne, '10.244.1.0/24')).to.equal('accept');
    expect(verdict(ne, '10.244.1.0/25')).to.equal('reject');
    expect(verdict(ne, '192.0.2.0/24')).to.equal('reject');
  });

  it('In matches the cidr and everything inside it, NotIn everything outside', () => {
    const inside = oneRule({ action: 'Reject', cidr: '10.244.0.0/16', matchOperator: 'In' });
    expect(verdict(inside, '10.244.0.0/16')).to.equal('reject');
    expect(verdict(inside, '10.244.7.0/26')).to.equal('reject');
    expect(verdict(inside, '10.244.7.9/32')).to.equal('reject');
    expect(verdict(inside, '10.245.0.0/24')).to.equal('accept');
    expect(verdict(inside, '10.0.0.0/8')).to.equal('accept');
    const outside = oneRule({ action: 'Reject', cidr: '10.244.0.0/16', matchOperator: 'NotIn' });
    expect(verdict(outside, '10.244.7.0/26')).to.equal('accept');
    expect(verdict(outside, '10.0.0.0/8')).to.equal('reject');
    expect(verdict(outside, '0.0.0.0/0')).to.equal('reject');
  });

  it('prefixLength bounds narrow In and NotIn (min and max inclusive; either alone)', () => {
    const both = oneRule({
      action: 'Reject',
      cidr: '10.244.0.0/16',
      matchOperator: 'In',
      prefixLength: { min: 24, max: 26 },
    });
    expect(verdict(both, '10.244.0.0/23')).to.equal('accept');
    expect(verdict(both, '10.244.1.0/24')).to.equal('reject');
    expect(verdict(both, '10.244.1.0/26')).to.equal('reject');
    expect(verdict(both, '10.244.1.0/27')).to.equal('accept');
    const minOnly = oneRule({
      action: 'Reject',
      cidr: '10.244.0.0/16',
      matchOperator: 'In',
      prefixLength: { min: 30 },
    });
    expect(verdict(minOnly, '10.244.1.4/30')).to.equal('reject');
    expect(verdict(minOnly, '10.244.1.4/32')).to.equal('reject');
    expect(verdict(minOnly, '10.244.1.0/29')).to.equal('accept');
    const maxOnly = oneRule({
      action: 'Reject',
      cidr: '10.244.0.0/16',
      matchOperator: 'In',
      prefixLength: { max: 17 },
    });
    expect(verdict(maxOnly, '10.244.0.0/16')).to.equal('reject');
    expect(verdict(maxOnly, '10.244.128.0/17')).to.equal('reject');
    expect(verdict(maxOnly, '10.244.0.0/18')).to.equal('accept');
    const notIn = oneRule({
      action: 'Reject',
      cidr: '10.244.0.0/16',
      matchOperator: 'NotIn',
      prefixLength: { min: 26, max: 26 },
    });
    expect(verdict(notIn, '10.244.1.0/26')).to.equal('accept');
    expect(verdict(notIn, '10.244.1.0/24')).to.equal('reject');
  });

  it('a rule without cidr matches every route of its family only; IPv6 rules see IPv6 routes', () => {
    const all = oneRule({ action: 'Reject' });
    expect(verdict(all, '198.51.100.0/24')).to.equal('reject');
    expect(verdict(all, '2001:db8::/48')).to.equal('accept');
    const v6 = oneRule(
      { action: 'Reject', cidr: '2001:db8::/32', matchOperator: 'In', prefixLength: { max: 48 } },
      6,
    );
    expect(verdict(v6, '2001:db8:1::/48')).to.equal('reject');
    expect(verdict(v6, '2001:db8:1::/64')).to.equal('accept');
    expect(verdict(v6, '10.0.0.0/8')).to.equal('accept');
  });

  it("order: filters in the peer's order, rules in each filter's order, first match decides; then the base", () => {
    const filters = new Map<string, BGPFilterSpec>([
      ['allow-one', { importV4: [{ action: 'Accept', cidr: '10.244.9.0/24', matchOperator: 'Equal' }] }],
      [
        'deny-pool',
        {
          importV4: [
            { action: 'Accept', cidr: '10.244.8.0/24', matchOperator: 'Equal' },
            { action: 'Reject', cidr: '10.244.0.0/16', matchOperator: 'In' },
            { action: 'Accept', cidr: '10.244.7.0/24', matchOperator: 'Equal' },
          ],
        },
      ],
    ]);
    const base = nodeBgpPolicies(['10.244.0.0/16'], []).importPolicy; // pool prefixes only, default reject
    const first = composeFilterPolicy(['allow-one', 'deny-pool'], filters, 'import', 4, base).policy;
    expect(verdict(first, '10.244.9.0/24'), 'first filter accepts').to.equal('accept');
    expect(verdict(first, '10.244.8.0/24'), 'earlier rule of the second').to.equal('accept');
    expect(verdict(first, '10.244.7.0/24'), 'a later rule never sees it').to.equal('reject');
    expect(verdict(first, '10.244.3.0/26')).to.equal('reject');
    expect(verdict(first, '192.0.2.0/24'), 'no filter decides: the base rejects').to.equal('reject');
    const reversed = composeFilterPolicy(['deny-pool', 'allow-one'], filters, 'import', 4, base).policy;
    expect(verdict(reversed, '10.244.9.0/24'), 'the reject filter first now').to.equal('reject');
    // Export filters leave import alone, and the other way round.
    expect(composeFilterPolicy(['deny-pool'], filters, 'export', 4, base).policy?.rules).to.deep.equal(
      base.rules,
    );
    // Without base (iBGP) a route no filter decides is accepted.
    const ibgp = composeFilterPolicy(['deny-pool'], filters, 'import', 4, undefined).policy;
    expect(verdict(ibgp, '192.0.2.0/24')).to.equal('accept');
    expect(verdict(ibgp, '10.244.3.0/26')).to.equal('reject');
  });

  it('a missing filter is named; the peer is kept down with the reason, the present ones still compose', () => {
    const peer: DesiredBgpPeer = {
      address: '10.0.1.1',
      asNumber: 65000,
      localAddress: '10.0.1.11',
      origin: { kind: 'bgp-peer', name: 'tor', scope: 'global' },
      routeReflectorClient: false,
      options: { exportFilters: ['no-such', 'present'], importFilters: ['gone'] },
    };
    const policies = { localAsNumber: 64512, ...nodeBgpPolicies(['10.244.0.0/16'], []) };
    const config = toPeerConfig(peer, policies, {
      filters: {
        present: { exportV4: [{ action: 'Reject', cidr: '10.244.2.0/26', matchOperator: 'Equal' }] },
      },
    });
    expect(config.adminDownReason).to.equal(
      'BGPFilter "gone" (importFilters) not found; BGPFilter "no-such" (exportFilters) not found',
    );
    expect(verdict(config.exportPolicy, '10.244.2.0/26', 'local')).to.equal('reject');
    expect(verdict(config.exportPolicy, '10.244.1.0/26', 'local')).to.equal('accept');
    // All present: up, with the filters before the node's pool rules.
    const up = toPeerConfig({ ...peer, options: { exportFilters: ['present'] } }, policies, {
      filters: {
        present: { exportV4: [{ action: 'Reject', cidr: '10.244.2.0/26', matchOperator: 'Equal' }] },
      },
    });
    expect(up).not.to.have.property('adminDownReason');
    expect(up.exportPolicy?.rules.map((r) => r.name)).to.deep.equal([
      'present/exportV4[0]',
      'pod-address-pools',
    ]);
    expect(up.importPolicy).to.equal(policies.importPolicy);
  });
});
