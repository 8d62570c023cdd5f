// The netlink socket against the real kernel, in namespaces created for the test (needs root).
import { expect } from 'chai';
import { readlinkSync } from 'node:fs';
import { parseIpAddress, parsePrefix, Prefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { resolveGenlFamily } from './genl-family.js';
import { NetlinkError } from './errors.js';
import { decodeRoute, encodeRoute, encodeRouteDumpRequest, type RouteMessage } from './codec/route.js';
import { NLM_F_CREATE, NLM_F_EXCL } from './codec/nl-constants.js';
import { RTM_GETROUTE, RTM_NEWROUTE, RTNLGRP_IPV4_ROUTE } from './codec/rt-constants.js';
import { NetlinkSocket } from './socket.js';
import type { NetlinkMessage } from './codec/message.js';
import { createTestNetns, deleteTestNetns, ipBatch, ipIn } from './testing/netns.js';

const blackhole = (dst: string, table = 100): RouteMessage => ({
  dst: parsePrefix(dst),
  table,
  protocol: 0x54,
  scope: 0,
  type: 'blackhole',
});
const add = (r: RouteMessage) => ({
  type: RTM_NEWROUTE,
  flags: NLM_F_CREATE | NLM_F_EXCL,
  payload: encodeRoute(r),
});

describe('NetlinkSocket (real kernel, network namespaces)', function () {
  this.timeout(30_000);
  let ns: string;
  let other: string;
  const sockets: NetlinkSocket[] = [];
  const open = (...args: Parameters<typeof NetlinkSocket.open>) => {
    const s = NetlinkSocket.open(...args);
    sockets.push(s);
    return s;
  };

  before(() => {
    ns = createTestNetns();
    other = createTestNetns();
    ipIn(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    ipIn(ns, 'addr', 'add', '10.0.0.1/24', 'dev', 'veth0');
    ipIn(ns, 'link', 'set', 'veth0', 'up');
    ipIn(ns, 'link', 'set', 'veth1', 'up');
  });
  after(() => {
    for (const s of sockets) s.close();
    deleteTestNetns(ns);
    deleteTestNetns(other);
  });

  it('opens inside the named namespace: a route added there is not in the other namespace', async () => {
    const s = open({ netns: ns });
    expect(s.portId).to.be.greaterThan(0);
    expect(await s.request(add(blackhole('10.1.0.0/24')))).to.deep.equal([]);
    expect(ipIn(ns, 'route', 'show', 'table', '100')).to.include('blackhole 10.1.0.0/24 proto 84');
    expect(ipIn(other, 'route', 'show', 'table', 'all')).not.to.include('10.1.0.0/24');
  });

  it('rejects with a KERNEL_ERROR carrying errno and the extended ACK text', async () => {
    const s = open({ netns: ns });
    const unreachable: RouteMessage = {
      ...blackhole('10.2.0.0/24'),
      type: 'unicast',
      gateway: parseIpAddress('192.0.2.1'),
    };
    const error = await s.request(add(unreachable)).then(
      () => expect.fail('the kernel accepted a route via an unreachable gateway'),
      (err: unknown) => err,
    );
    expect(error).to.be.instanceOf(NetlinkError);
    const e = error as NetlinkError;
    expect(e.code).to.equal('KERNEL_ERROR');
    expect(e.errnoName).to.equal('ENETUNREACH');
    expect(e.extAckMessage).to.match(/gateway/i);
  });

  it('batches many requests in one sendmsg and reports each failure at its own index', async () => {
    const s = open({ netns: ns });
    const requests = [1, 2, 3].map((i) => add(blackhole(`10.3.${i}.0/24`)));
    requests.splice(1, 0, add(blackhole('10.1.0.0/24'))); // exists already: EEXIST
    const results = await s.batch(requests);
    expect(results.map((r) => r?.errnoName)).to.deep.equal([undefined, 'EEXIST', undefined, undefined]);
    const each = await s.batch([add(blackhole('10.3.9.0/24')), add(blackhole('10.3.9.0/24'))], {
      ack: 'each',
    });
    expect(each.map((r) => r?.errnoName)).to.deep.equal([undefined, 'EEXIST']);
  });

  it('dumps a table that spans many datagrams (NLM_F_MULTI until NLMSG_DONE), filtered by table', async () => {
    const s = open({ netns: ns });
    const prefixes = [...Prefix.of(parseIpAddress('10.128.0.0'), 16).split(28, { maxCount: 4096 })].slice(
      0,
      3000,
    );
    const results = await s.batch(prefixes.map((p) => add(blackhole(p.toString(), 101))));
    expect(results.filter((r) => r !== undefined)).to.deep.equal([]);
    const replies = await s.dump({ type: RTM_GETROUTE, payload: encodeRouteDumpRequest(4, 101) });
    const routes = replies.map((m) => decodeRoute(m.payload));
    expect(routes).to.have.length(3000);
    expect(new Set(routes.map((r) => r.table))).to.deep.equal(new Set([101]));
    expect(ipIn(ns, 'route', 'show', 'table', '101').trim().split('\n')).to.have.length(3000);
  });

  it('delivers multicast notifications for changes made by others', async () => {
    const s = open({ netns: ns, groups: [RTNLGRP_IPV4_ROUTE] });
    const seen: NetlinkMessage[] = [];
    s.onNotification((m) => seen.push(m));
    ipIn(ns, 'route', 'add', '10.4.0.0/24', 'via', '10.0.0.2', 'table', '100', 'proto', 'static');
    const m = await waitFor(
      'RTM_NEWROUTE for 10.4.0.0/24',
      async () =>
        seen.find((x) => x.type === RTM_NEWROUTE && decodeRoute(x.payload).dst.toString() === '10.4.0.0/24'),
      { timeoutMs: 5000, intervalMs: 20 },
    );
    expect(decodeRoute(m.payload).gateway?.toString()).to.equal('10.0.0.2');
  });

  it('surfaces a receive-queue overflow as a typed ENOBUFS so the owner can resync', async () => {
    const s = open({ netns: ns, groups: [RTNLGRP_IPV4_ROUTE], rcvbufBytes: 4096 });
    const overruns: NetlinkError[] = [];
    s.onOverrun((e) => overruns.push(e));
    // Blocks the event loop while ip adds 2000 routes, so the small queue must overflow.
    ipBatch(
      ns,
      Array.from({ length: 2000 }, (_, i) => `route add blackhole 10.5.${i >> 8}.${i & 255}/32 table 102`),
    );
    const [error] = await waitFor('ENOBUFS', async () => (overruns.length > 0 ? overruns : undefined), {
      timeoutMs: 5000,
      intervalMs: 20,
    });
    expect(error?.code).to.equal('ENOBUFS');
    // The socket is still usable afterwards.
    expect(await s.request(add(blackhole('10.6.0.0/24')))).to.deep.equal([]);
  });

  it('fails pending and later requests with SOCKET_CLOSED after close()', async () => {
    const s = open({ netns: ns });
    const pending = s.dump({ type: RTM_GETROUTE, payload: encodeRouteDumpRequest(4, 101) });
    s.close();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    // The dump either finished before close() handled it or was cut off; never hangs.
    if (error !== undefined) expect((error as NetlinkError).code).to.equal('SOCKET_CLOSED');
    const later = await s.request(add(blackhole('10.7.0.0/24'))).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((later as NetlinkError).code).to.equal('SOCKET_CLOSED');
  });

  it('resolves the genetlink controller family itself, and reports a missing family by name', async () => {
    const g = open({ netns: ns, protocol: 'generic' });
    const nlctrl = await resolveGenlFamily(g, 'nlctrl');
    expect(nlctrl.id).to.equal(0x10);
    expect(nlctrl.groups.get('notify')).to.be.a('number');
    const missing = await resolveGenlFamily(g, 'twill-nofam').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((missing as NetlinkError).code).to.equal('FAMILY_NOT_FOUND');
  });

  it('cannot open in a namespace that does not exist (typed SOCKET_ERROR with errno)', () => {
    const ownNetns = readlinkSync('/proc/thread-self/ns/net');
    let error: unknown;
    try {
      open({ netns: 'twt-nl-does-not-exist' });
    } catch (e) {
      error = e;
    }
    expect((error as NetlinkError).code).to.equal('SOCKET_ERROR');
    expect((error as NetlinkError).errnoName).to.equal('ENOENT');
    // The calling thread is back in its own namespace after the failed setns() dance.
    expect(readlinkSync('/proc/thread-self/ns/net')).to.equal(ownNetns);
  });
});
