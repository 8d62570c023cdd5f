// `twillctl bgp routes advertised` against a real twill-bgpd (route reflector, AS65001) with six
// in-process peers on loopback: every reason comes from the daemon's own export path.
import { expect } from 'chai';

import type { ExportReasonRow } from '../../bgp/speaker/index.js';
import { IPv4Address, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { LoopbackBgpd } from './testing/loopback-bgpd.js';

const FAST = { intervalMs: 200, timeoutMs: 15_000 };
const A = '127.0.0.4'; // eBGP AS65002, accept-all export policy
const B = '127.0.0.6'; // iBGP route-reflector client
const C = '127.0.0.7'; // iBGP non-client
const D = '127.0.0.8'; // eBGP AS65003 without export policy (RFC 8212)
const E = '127.0.0.9'; // eBGP AS65009 with the named policy "edge" (rule 0 "no-10-9" rejects 10.9.0.0/24)
const F = '127.0.0.10'; // iBGP non-client

describe('twillctl bgp routes advertised: why each route is sent or held back', function () {
  this.timeout(40_000);
  let bgpd: LoopbackBgpd;
  let rows: ExportReasonRow[];
  const row = (prefix: string, peer: string): ExportReasonRow | undefined =>
    rows.find((r) => r.prefix === prefix && r.peer === peer);

  before(async () => {
    // Next hop kept towards eBGP too: next hop self would be a 127/8 address, which a peer must treat as
    // withdrawn (RFC 4271 §6.3, RFC 7606).
    const policy = 'nextHopMode: keep, importPolicy: { default: accept, rules: [] }';
    bgpd = await LoopbackBgpd.start(
      65001,
      [
        { address: A, asn: 65002, bgpdKeys: `${policy}, exportPolicy: { default: accept, rules: [] }` },
        { address: B, asn: 65001, bgpdKeys: 'routeReflectorClient: true' },
        { address: C, asn: 65001 },
        { address: D, asn: 65003, bgpdKeys: policy },
        { address: E, asn: 65009, bgpdKeys: `${policy}, exportPolicy: edge` },
        { address: F, asn: 65001 },
      ],
      [
        'policies:',
        '  edge: { default: accept, rules: [{ name: no-10-9, match: { prefixes: [10.9.0.0/24] }, then: reject }] }',
        'originate:',
        '  - { prefix: 10.1.0.0/24, nextHop: 192.0.2.1 }',
      ],
    );
    const nh = (a: string) => ({ nextHop: IPv4Address.parse(a) });
    const a = bgpd.speaker(A);
    a.originate(parsePrefix('10.2.0.0/24'), nh('192.0.2.2'));
    a.originate(parsePrefix('10.9.0.0/24'), nh('192.0.2.2'));
    a.originate(parsePrefix('10.8.0.0/24'), {
      ...nh('192.0.2.2'),
      asPath: [{ type: 'as-sequence', asns: [65009] }],
    });
    bgpd.speaker(B).originate(parsePrefix('10.6.0.0/24'), nh('192.0.2.6'));
    bgpd.speaker(C).originate(parsePrefix('10.7.0.0/24'), nh('192.0.2.7'));
    rows = await waitFor(
      'every session up and every route decided',
      async () => {
        const out = await bgpd.ctl('bgp', 'routes', 'advertised', '-o', 'json').catch(() => '[]');
        const r = JSON.parse(out) as ExportReasonRow[];
        // 6 best routes towards 6 peers, none pending.
        return r.length === 36 && r.every((x) => x.pending !== true) ? r : undefined;
      },
      FAST,
    );
  });

  after(async () => {
    await bgpd?.stop();
  });

  it('originated: names the config entry and the export policy outcome; RFC 8212 holds it back', () => {
    expect(row('10.1.0.0/24', A)).to.include({ advertised: true, code: 'originated', from: 'local' });
    expect(row('10.1.0.0/24', A)?.reason).to.match(
      /^originated here \(originate\[0\] in \/.*bgpd\.yaml\); export policy: default accept$/,
    );
    expect(row('10.1.0.0/24', B)?.reason).to.match(/; no export policy configured$/);
    expect(row('10.1.0.0/24', D)).to.include({ advertised: false, code: 'no-export-policy' });
    expect(row('10.1.0.0/24', D)?.reason).to.include('no export policy for this eBGP peer (RFC 8212');
  });

  it('learned: from which peer, and the export policy rule that passed or rejected it', () => {
    expect(row('10.2.0.0/24', E)).to.include({
      advertised: true,
      code: 'learned',
      from: A,
      reason: 'learned from 127.0.0.4 (eBGP AS65002); export policy: edge default accept',
      asPath: '65001 65002',
    });
    expect(row('10.9.0.0/24', E)).to.include({
      advertised: false,
      code: 'export-policy',
      reason:
        'learned from 127.0.0.4 (eBGP AS65002): rejected by export policy: edge rule 0 (no-10-9) reject',
    });
    expect(row('10.2.0.0/24', A)).to.include({ advertised: false, code: 'learned-from-peer' });
  });

  it('reflected (RFC 4456 §6): client → non-client and non-client → client; non-client → non-client held', () => {
    expect(row('10.6.0.0/24', C)).to.include({
      advertised: true,
      code: 'reflected',
      reason: 'reflected (RFC 4456 §6): client 127.0.0.6 → non-client; no export policy configured',
      originatorId: '10.0.1.2',
    });
    expect(row('10.7.0.0/24', B)).to.include({ advertised: true, code: 'reflected' });
    expect(row('10.7.0.0/24', B)?.reason).to.match(/non-client 127\.0\.0\.7 → client/);
    expect(row('10.7.0.0/24', F)).to.include({ advertised: false, code: 'ibgp-split-horizon' });
    expect(row('10.7.0.0/24', A)).to.include({ advertised: true, code: 'learned' });
  });

  // Next hop = the peer (RFC 4271 §5.1.3) needs a third-party next hop, which cannot be a loopback
  // address (RFC 4271 §6.3 treats 127/8 as invalid): bgp/rib export-policy.test.ts proves that one.
  it('AS path loop (sender-side loop detection) is held back', () => {
    expect(row('10.8.0.0/24', E)).to.include({ advertised: false, code: 'as-path-loop' });
    expect(row('10.8.0.0/24', E)?.reason).to.include("the peer's AS is in the AS path");
    expect(row('10.8.0.0/24', A)).to.include({ code: 'learned-from-peer' });
    expect(row('10.8.0.0/24', D)).to.include({ code: 'no-export-policy' });
  });

  it('the reasons agree with what each peer really received', async () => {
    for (const [address, speaker] of bgpd.speakers) {
      const got = speaker
        .routes({ view: 'received', peer: '127.0.0.5' })
        .map((r) => r.prefix)
        .sort();
      const sent = rows
        .filter((r) => r.peer === address && r.advertised)
        .map((r) => r.prefix)
        .sort();
      expect(got, `routes ${address} received`).to.deep.equal(sent);
    }
  });

  it('the table has a SENT and a REASON column', async () => {
    const table = await bgpd.ctl('bgp', 'routes', 'advertised', '--peer', E);
    expect(table).to.match(/^PREFIX\s+PEER\s+SENT\s+NEXT HOP\s+AS PATH\s+REASON\n/);
    expect(table).to.match(
      /\n10\.9\.0\.0\/24\s+127\.0\.0\.9\s+no\s+-\s+-\s+learned from 127\.0\.0\.4 .*no-10-9/,
    );
    expect(table).to.match(/\n10\.2\.0\.0\/24\s+127\.0\.0\.9\s+yes\s+192\.0\.2\.2\s+65001 65002\s+learned/);
  });
});
