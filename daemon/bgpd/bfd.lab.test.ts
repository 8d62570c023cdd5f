// BFD interop: twill-bgpd (real binary, own namespace) runs BFD 300 ms × 3 with BIRD 2 (`protocol bfd`,
// Keyed SHA1) and FRR (bfdd), each tied to an eBGP session with a 90 s hold time. Dropping the router's
// BFD packets in its namespace (nftables on its output; BGP's TCP still flows) must take Twill's
// session down with the BFD reason — far sooner than the hold timer could — and lifting the drop must
// bring BFD and then BGP back. The detection time is measured and printed, not asserted.
import { expect } from 'chai';

import { Lab } from '../../lab/lab.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { birdc } from '../../lab/routers/birdc.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { request } from '../ctl/control-client.js';
import { BgpdLab } from './testing/bgpd-lab.js';
import type { PeerStatusWithCounts } from '../../bgp/speaker/index.js';

const DIR = repoPath('bgp/speaker/testdata/bfd');
const PEERS = [
  { node: 'bird1', address: '10.0.1.1', twill: '10.0.1.0', name: 'BIRD 2' },
  { node: 'frr1', address: '10.0.2.1', twill: '10.0.2.0', name: 'FRR bfdd' },
] as const;
const SLOW = { intervalMs: 300, timeoutMs: 60_000 };

interface FrrBfdPeer {
  peer?: string;
  status?: string;
  'receive-interval'?: number;
  'transmit-interval'?: number;
  'detect-multiplier'?: number;
}

describe('BFD interop: twill-bgpd with BIRD 2 and FRR bfdd, tied to BGP (90 s hold time)', function () {
  this.timeout(180_000);
  let bgpd: BgpdLab | undefined;
  let lab: Lab | undefined;
  let socket: string;

  before(async () => {
    bgpd = await BgpdLab.up({ dir: DIR, topology: 'bfd.clab.yml', tag: 'bfd' });
    lab = bgpd.lab;
    socket = bgpd.socket;
  });

  after(async () => {
    await bgpd?.down();
  });

  const peers = async (): Promise<PeerStatusWithCounts[]> =>
    ((await request(socket, 'bgp.peers').catch(() => [])) as PeerStatusWithCounts[]) ?? [];
  const peer = async (address: string) => (await peers()).find((p) => p.peer === address);
  const upAndEstablished = async (address: string) => {
    const p = await peer(address);
    return p?.state === 'Established' &&
      p.bfd?.state === 'Up' &&
      p.bfd.remoteState === 'Up' &&
      !p.bfd.holdingBgp
      ? p
      : undefined;
  };
  const frrBfd = async () =>
    (await vtyshJson<FrrBfdPeer[]>((lab as Lab).nodeContext('frr1'), 'show bfd peers json')).find(
      (p) => p.peer === '10.0.2.0',
    );
  const birdBfd = async () => birdc((lab as Lab).nodeContext('bird1'), 'show bfd sessions');

  it('brings BFD Up at 300 ms × 3 with both, per twillctl, vtysh and birdc, beside Established sessions', async () => {
    for (const { address, name } of PEERS) {
      const p = await waitFor(`${name}: BGP Established and BFD Up`, () => upAndEstablished(address), SLOW);
      expect(p.bfd, name).to.include({ txIntervalMs: 300, detectionTimeMs: 900, remoteMultiplier: 3 });
    }
    expect((await peer('10.0.1.1'))?.bfd?.authentication).to.equal('keyed-sha1');
    const frr = await waitFor('FRR: BFD peer up', async () => {
      const p = await frrBfd();
      return p?.status === 'up' ? p : undefined;
    });
    expect(frr).to.include({ 'receive-interval': 300, 'transmit-interval': 300, 'detect-multiplier': 3 });
    const bird = await waitFor('BIRD: BFD session Up', async () => {
      const text = await birdBfd();
      return /10\.0\.1\.0\s+eth1\s+Up/.test(text) ? text : undefined;
    });
    expect(bird).to.match(/10\.0\.1\.0\s+eth1\s+Up\s+\S+\s+0\.300\s+0\.900/);
    const table = await (lab as Lab).exec('tw', [
      'node',
      repoPath('dist/daemon/ctl/main.js'),
      '--socket',
      socket,
      'bgp',
      'peers',
    ]);
    expect(table.stdout).to.match(/10\.0\.2\.1\s+65200\s+Established.*Up 300ms×3 det 900ms/);
  });

  for (const { node, address, name } of PEERS) {
    it(`${name}: dropping BFD takes Twill's BGP session down by BFD; lifting it brings BFD, then BGP, back`, async () => {
      const l = lab as Lab;
      await waitFor(`${name}: up before the cut`, () => upAndEstablished(address), SLOW);
      // Only the router's own BFD packets are dropped (its output): Twill must find the silence itself
      // (diag 1). Dropping both ways races the router's detection against ours, and a router that
      // detects first tells Twill over the still-working TCP session (Cease 6/10 BFD Down, seen with FRR).
      const cut =
        'nft add table inet bfdcut; ' +
        "nft add chain inet bfdcut out '{ type filter hook output priority 0; }'; " +
        'nft add rule inet bfdcut out udp dport 3784 drop';
      const startedMs = performance.now();
      await l.exec(node, cut);
      const down = await waitFor(
        `${name}: Twill's session leaves Established`,
        async () => {
          const p = await peer(address);
          return p !== undefined && p.state !== 'Established' ? p : undefined;
        },
        { intervalMs: 20, timeoutMs: 30_000 },
      );
      const detectedMs = Math.round(performance.now() - startedMs);
      process.stdout.write(
        `      BFD with ${name}: BGP session down ${detectedMs} ms after the drop rule ` +
          `(negotiated detection time 900 ms, BGP hold time 90 s; poll every 20 ms)\n`,
      );
      // The reason proves BFD did it: the hold timer (90 s) would say "Hold Timer Expired".
      expect(down.lastError).to.equal('BFD down: Control Detection Time Expired');
      expect(down.bfd).to.include({ state: 'Down', holdingBgp: true });
      await l.exec(node, 'nft delete table inet bfdcut');
      const back = await waitFor(
        `${name}: BFD Up and BGP Established again`,
        () => upAndEstablished(address),
        SLOW,
      );
      expect(back.bfd?.detectionTimeMs).to.equal(900);
    });
  }
});
