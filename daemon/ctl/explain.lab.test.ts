// `twillctl explain route` end to end: a real etcd (IPPool, IPAMBlock, TwillNodeStatus), a real
// twill-bgpd on loopback with in-process peers (best path, a loser, an import refusal), and a network
// namespace holding kernel routes (ours with protocol 84, and a foreign one), read with --netns.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { IPv4Address, parsePrefix } from '../../common/index.js';
import { EtcdBackend, type IPAMBlock, type TwillNodeStatus } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { ipPool } from '../../datastore/testing/fixtures.js';
import { waitFor } from '../../lab/wait.js';
import type { RouteExplanation } from './explain-command.js';
import { CTL, LoopbackBgpd } from './testing/loopback-bgpd.js';

const run = promisify(execFile);
const NS = `tx-explain-${process.pid}`;
const A = '127.0.0.4'; // eBGP AS65002, accept-all import
const C = '127.0.0.7'; // iBGP
const D = '127.0.0.8'; // eBGP AS65003 without import policy (RFC 8212: nothing accepted)

function block(cidr: string, node: string | undefined): IPAMBlock {
  return {
    apiVersion: 'twill.dev/v1',
    kind: 'IPAMBlock',
    metadata: { name: cidr.replace(/[./]/g, '-') },
    spec: {
      cidr,
      ...(node === undefined ? {} : { affinity: `host:${node}` }),
      allocations: [0, ...Array<null>(63).fill(null)],
      unallocated: Array.from({ length: 63 }, (_, i) => i + 1),
      attributes: [{ handleID: 'pod-a' }],
      sequenceNumber: 0,
    },
  } as IPAMBlock;
}

describe('twillctl explain route: datastore → BGP RIB → kernel, with a verdict', function () {
  this.timeout(60_000);
  let etcd: EtcdServer;
  let bgpd: LoopbackBgpd;

  const explain = async (...args: string[]): Promise<RouteExplanation> => {
    const { stdout } = await run('node', [
      CTL,
      'explain',
      'route',
      ...args,
      '--netns',
      NS,
      '--socket',
      bgpd.socket,
      '--etcd-endpoints',
      etcd.endpoint,
      '-o',
      'json',
    ]);
    return JSON.parse(stdout) as RouteExplanation;
  };
  const step = (e: RouteExplanation, name: string) => e.steps.find((s) => s.step === name);

  before(async () => {
    etcd = await startEtcd();
    const store = new EtcdBackend({ endpoints: [etcd.endpoint] });
    await store.create(
      ipPool(
        'pool-a',
        '10.65.0.0/16',
        {},
        { blockSize: 26, encapsulation: { type: 'VXLAN', mode: 'Always' } },
      ),
    );
    await store.create(block('10.65.1.0/26', 'n1'));
    await store.create({
      apiVersion: 'twill.dev/v1',
      kind: 'TwillNodeStatus',
      metadata: { name: 'n2' },
      spec: {},
      status: {
        observedAt: new Date().toISOString(),
        agent: {
          ready: false,
          conditions: [{ type: 'Ready', status: 'False', message: 'BGP session to 10.0.0.1 down' }],
        },
        routes: {
          programmed: 3,
          unroutableBlocks: [{ cidr: '10.65.1.0/26', node: 'n1', reason: 'node n1 has no IPv4 address' }],
        },
      },
    } as TwillNodeStatus);
    await store.close();

    await run('ip', ['netns', 'add', NS]);
    const ip = (...a: string[]) => run('ip', ['-n', NS, ...a]);
    await ip('link', 'add', 'fab0', 'type', 'veth', 'peer', 'name', 'fab1');
    await ip('link', 'set', 'fab1', 'up');
    await ip('addr', 'add', '192.0.2.1/24', 'dev', 'fab0');
    await ip('link', 'set', 'fab0', 'up');
    await ip('route', 'add', '10.65.1.0/26', 'via', '192.0.2.7', 'proto', '84');
    await ip('route', 'add', '10.65.3.0/26', 'via', '192.0.2.9', 'proto', 'static');

    const policy = 'nextHopMode: keep, importPolicy: { default: accept, rules: [] }';
    bgpd = await LoopbackBgpd.start(
      65001,
      [
        { address: A, asn: 65002, bgpdKeys: `${policy}, exportPolicy: { default: accept, rules: [] }` },
        { address: C, asn: 65001 },
        { address: D, asn: 65003, bgpdKeys: 'nextHopMode: keep' },
      ],
      [],
    );
    const nh = (a: string) => ({ nextHop: IPv4Address.parse(a) });
    bgpd.speaker(A).originate(parsePrefix('10.65.1.0/26'), nh('192.0.2.2'));
    bgpd.speaker(A).originate(parsePrefix('10.65.3.0/26'), nh('192.0.2.2'));
    bgpd.speaker(C).originate(parsePrefix('10.65.1.0/26'), nh('192.0.2.7'));
    bgpd.speaker(D).originate(parsePrefix('10.65.2.0/26'), nh('192.0.2.8'));
    await waitFor(
      'all routes in twill-bgpd',
      async () => {
        const out = await bgpd.ctl('bgp', 'routes', 'received', '-o', 'json').catch(() => '[]');
        return (JSON.parse(out) as unknown[]).length === 4 ? true : undefined;
      },
      { intervalMs: 300, timeoutMs: 20_000 },
    );
  });

  after(async () => {
    await run('ip', ['netns', 'del', NS]).catch(() => undefined);
    await bgpd?.stop();
    await etcd?.stop();
  });

  it('a route present everywhere: pool and affine block, best path and the loser with its step, our kernel route', async () => {
    const e = await explain('10.65.1.0/26');
    expect(step(e, 'datastore')?.status).to.equal('present');
    expect(step(e, 'datastore')?.lines).to.include.members([
      'IPPool pool-a (10.65.0.0/16, block size /26, encapsulation VXLAN/Always) contains 10.65.1.0/26',
      'IPAMBlock 10-65-1-0-26 (10.65.1.0/26, 1/64 addresses in use) is affine to node n1',
    ]);
    expect(step(e, 'calculation')?.status).to.equal('skipped'); // twill-bgpd has no calculation graph
    const bgp = step(e, 'bgp');
    expect(bgp?.summary).to.equal('best path 10.65.1.0/26 from 127.0.0.7 via 192.0.2.7');
    expect(bgp?.lines, JSON.stringify(bgp?.lines)).to.include(
      'candidate from 127.0.0.4, next hop 192.0.2.2, AS path 65002: lost: longer AS path (RFC 4271 §9.1.2.2 a)',
    );
    expect(step(e, 'kernel')?.status).to.equal('present');
    expect(e.verdict).to.equal(
      'OK: in the kernel: unicast 10.65.1.0/26 via 192.0.2.7 dev fab0 table main proto 84 (twill)',
    );
  });

  it('an address inside a block: the covering best path and our covering kernel route', async () => {
    const e = await explain('10.65.1.5');
    expect(step(e, 'bgp')?.lines[0]).to.equal(
      'no route for 10.65.1.5/32 itself; the longest covering one is 10.65.1.0/26',
    );
    expect(e.verdict).to.match(/^OK: in the kernel within unicast 10\.65\.1\.0\/26 via 192\.0\.2\.7/);
  });

  it('refused at import (RFC 8212): missing at the BGP step, with the reason', async () => {
    const e = await explain('10.65.2.0/26');
    expect(step(e, 'datastore')?.lines).to.include('no IPAMBlock contains 10.65.2.0/26');
    expect(e.verdict).to.equal(
      'MISSING at bgp: not in the Loc-RIB: every path refused at import (127.0.0.8: no import policy for this eBGP peer (RFC 8212))',
    );
  });

  it("in the RIB but the kernel route is another protocol's", async () => {
    const e = await explain('10.65.3.0/26');
    expect(e.verdict).to.equal(
      'MISSING at kernel: present but not ours: unicast 10.65.3.0/26 via 192.0.2.9 dev fab0 table main proto static',
    );
  });

  it("--node of another node: datastore plus that node's TwillNodeStatus", async () => {
    const e = await explain('10.65.1.0/26', '--node', 'n2');
    expect(e.local).to.equal(false);
    expect(e.steps.map((s) => s.step)).to.deep.equal(['datastore', 'calculation']);
    expect(step(e, 'calculation')?.lines).to.include.members([
      'condition Ready False: BGP session to 10.0.0.1 down',
      'unroutable on n2: 10.65.1.0/26 of node n1: node n1 has no IPv4 address',
    ]);
    expect(e.verdict).to.equal('MISSING at calculation: unroutable on n2: node n1 has no IPv4 address');
  });
});
