import { expect } from 'chai';

import { isTwillError } from '../../common/index.js';
import { parseBgpdConfig } from './config.js';

const BASE = 'localAs: 65010\nrouterId: 10.0.0.10\ncontrolSocket: /tmp/x.sock\n';

function problems(text: string): string[] {
  try {
    parseBgpdConfig(text);
  } catch (err) {
    if (isTwillError(err)) return (err.details?.problems as string[] | undefined) ?? [err.message];
    throw err;
  }
  return [];
}

describe('twill-bgpd config: graceful restart and max-prefix', () => {
  it('reads the speaker and peer settings', () => {
    const c = parseBgpdConfig(
      `${BASE}gracefulRestart: { restartTimeSec: 90, forwardingPreserved: true, selectionDeferralTimeSec: 30, longLivedStaleTimeSec: { ipv4-unicast: 3600 } }
peers:
  - address: 10.0.0.1
    asn: 65000
    gracefulRestart: { restartTimeSec: 60, staleRoutesTimeSec: 20 }
    maxPrefix:
      ipv4-unicast: { limit: 5, warningThresholdPercent: 60, restartTimeSec: 10 }
  - { address: 10.0.0.2, asn: 65001, gracefulRestart: { enabled: false } }
`,
    );
    expect(c.gracefulRestart).to.deep.equal({
      restartTimeSec: 90,
      forwardingPreserved: true,
      selectionDeferralTimeSec: 30,
      longLivedStaleTimeSec: { 'ipv4-unicast': 3600 },
    });
    expect(c.peers[0]?.gracefulRestart).to.deep.equal({ restartTimeSec: 60, staleRoutesTimeSec: 20 });
    expect(c.peers[0]?.maxPrefix).to.deep.equal({
      'ipv4-unicast': { limit: 5, warningThresholdPercent: 60, restartTimeSec: 10 },
    });
    expect(c.peers[1]?.gracefulRestart).to.deep.equal({ enabled: false });
  });

  it('names each bad field by its path', () => {
    expect(
      problems(`${BASE}gracefulRestart: { restartTimeSec: 5000, forwardingPreserved: yes please, longLivedStaleTimeSec: { ipv4-unicast: 16777216 } }
peers:
  - address: 10.0.0.1
    asn: 65000
    gracefulRestart: { staleRoutesTimeSec: 0, helper: true }
    maxPrefix: { ipv4-unicast: { limit: 0, warningThresholdPercent: 101 }, l2vpn: { limit: 1 } }
`),
    ).to.deep.equal([
      'peers[0].gracefulRestart.helper: unknown field (known: enabled, restartTimeSec, staleRoutesTimeSec)',
      'peers[0].gracefulRestart.staleRoutesTimeSec: must be an integer 1..65535, got 0',
      'peers[0].maxPrefix.l2vpn: unknown field (known: ipv4-unicast, ipv6-unicast)',
      'peers[0].maxPrefix.ipv4-unicast.limit: must be an integer 1..4294967295, got 0',
      'peers[0].maxPrefix.ipv4-unicast.warningThresholdPercent: must be an integer 1..100, got 101',
      'gracefulRestart.restartTimeSec: must be an integer 1..4095, got 5000',
      'gracefulRestart.forwardingPreserved: must be true or false, got "yes please"',
      'gracefulRestart.longLivedStaleTimeSec.ipv4-unicast: must be an integer 0..16777215, got 16777216',
    ]);
  });
});
