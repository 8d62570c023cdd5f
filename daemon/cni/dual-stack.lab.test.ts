// Dual stack: IPv4 and IPv6 from Twill IPAM, the IPv6 default route via fe80::1 answered by proxy NDP on
// the host veth, and pods reaching each other over IPv6. Needs root.
import { expect } from 'chai';

import { ipPool } from '../../datastore/testing/fixtures.js';
import { waitFor } from '../../lab/wait.js';
import { execIn, ipIn } from './testing/netns.js';
import { CniTestBed } from './testing/test-bed.js';

describe('twill-cni dual stack (real etcd, network namespaces)', function () {
  this.timeout(90_000);
  let bed: CniTestBed;

  before(async () => {
    bed = await CniTestBed.start([ipPool('pods4', '10.67.0.0/16'), ipPool('pods6', 'fd00:67::/64')]);
  });
  after(async () => {
    await bed?.close();
  });

  it('gives each pod an IPv4 /32 and an IPv6 /128, and IPv6 traffic flows pod to pod', async () => {
    const config = bed.config({ ipam: { assignIPv4: true, assignIPv6: true } }, '1.1.0');
    const podA = bed.pod('ctr-6a');
    const podB = bed.pod('ctr-6b');
    const addA = await bed.run('ADD', podA, config);
    const addB = await bed.run('ADD', podB, config);
    expect([addA.exitCode, addB.exitCode], addA.stdout + addB.stdout).to.deep.equal([0, 0]);
    const ips = (addB.json?.ips as { address: string; gateway: string }[]).map((ip) => [
      ip.address.split('/')[1],
      ip.gateway,
    ]);
    expect(ips).to.deep.equal([
      ['32', '169.254.1.1'],
      ['128', 'fe80::1'],
    ]);
    expect(addB.json?.routes).to.deep.equal([
      { dst: '0.0.0.0/0', gw: '169.254.1.1' },
      { dst: '::/0', gw: 'fe80::1' },
    ]);
    expect(ipIn(podA.netnsName, '-6', 'route', 'show', 'default')).to.match(/default via fe80::1 dev eth0/);
    const hostVethA = (addA.json?.interfaces as { name: string }[])[0]?.name as string;
    expect(ipIn(bed.nodeNetns, '-6', 'neigh', 'show', 'proxy')).to.include(`fe80::1 dev ${hostVethA}`);

    const v6B = (addB.json?.ips as { address: string }[])[1]?.address.split('/')[0] as string;
    await waitFor(
      'ping -6 from pod A to pod B',
      async () => {
        execIn(podA.netnsName, ['ping', '-6', '-c', '1', '-W', '1', v6B]);
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    for (const [pod, add] of [
      [podA, addA],
      [podB, addB],
    ] as const) {
      const del = await bed.run('DEL', pod, { ...config, prevResult: add.json });
      expect(del.exitCode, del.stdout).to.equal(0);
    }
    const blocks = (await bed.store.list('IPAMBlock')).items;
    expect(blocks.flatMap((b) => b.spec.allocations.filter((a) => a !== null))).to.deep.equal([]);
  });

  // The kernel answers a proxied NDP solicitation sent to multicast after a random 0-0.8 s unless the
  // device's proxy_delay is 0 (ndisc_recv_ns → pneigh_enqueue). A pod resolves fe80::1 with exactly such
  // a solicitation, so its first IPv6 packets waited that long (issue 9's e2e flakes under load).
  it("answers a pod's neighbour solicitation for fe80::1 at once: the first echo's round trip has no proxy delay", async () => {
    const config = bed.config({ ipam: { assignIPv4: true, assignIPv6: true } }, '1.1.0');
    const [podA, podB] = [bed.pod('ctr-nd-a'), bed.pod('ctr-nd-b')];
    const [addA, addB] = [await bed.run('ADD', podA, config), await bed.run('ADD', podB, config)];
    expect([addA.exitCode, addB.exitCode], addA.stdout + addB.stdout).to.deep.equal([0, 0]);
    try {
      const v6B = (addB.json?.ips as { address: string }[])[1]?.address.split('/')[0] as string;
      // Each round starts with no neighbour entry for fe80::1 in pod A, so the echo request waits for the
      // host veth's proxied advertisement; ping's round trip includes that wait (kernel time, not the
      // process start-up a loaded machine slows down).
      const roundTripsMs: number[] = [];
      for (let i = 0; i < 8; i++) {
        ipIn(podA.netnsName, '-6', 'neigh', 'flush', 'dev', 'eth0');
        const out = await waitFor(
          'an echo reply from pod B over IPv6',
          async () => {
            try {
              return execIn(podA.netnsName, ['ping', '-6', '-n', '-c', '1', '-W', '3', v6B]);
            } catch {
              ipIn(podA.netnsName, '-6', 'neigh', 'flush', 'dev', 'eth0');
              return undefined;
            }
          },
          { timeoutMs: 20_000, intervalMs: 300 },
        );
        roundTripsMs.push(Number(/time=([\d.]+) ms/.exec(out)?.[1] ?? NaN));
      }
      // With the kernel's default (0.8 s), about three rounds in four take over 200 ms; without, none
      // should. One slow round is tolerated for a loaded machine.
      const slow = roundTripsMs.filter((ms) => !(ms < 200));
      expect(slow, `first-echo round trips (ms): ${roundTripsMs.join(', ')}`).to.have.length.at.most(1);
      const hostVethA = (addA.json?.interfaces as { name: string }[])[0]?.name as string;
      const delay = execIn(bed.nodeNetns, ['cat', `/proc/sys/net/ipv6/neigh/${hostVethA}/proxy_delay`]);
      expect(delay.trim(), `net.ipv6.neigh.${hostVethA}.proxy_delay`).to.equal('0');
    } finally {
      for (const [pod, add] of [
        [podA, addA],
        [podB, addB],
      ] as const)
        await bed.run('DEL', pod, { ...config, prevResult: add.json });
    }
  });
});
