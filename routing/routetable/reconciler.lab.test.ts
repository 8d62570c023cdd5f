// The reconciler against the real kernel in a namespace created for the test (needs root).
import { expect } from 'chai';
import { FakeClock, parseIpAddress, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import {
  NetlinkSocket,
  RTM_DELROUTE,
  RTM_NEWROUTE,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV6_ROUTE,
} from '../netlink/index.js';
import { decodeRoute } from '../netlink/codec/route.js';
import { createTestNetns, deleteTestNetns, ipBatch, ipIn, ipJson } from '../netlink/testing/netns.js';
import { KernelRouteNetlink, type RouteNetlink } from './route-netlink.js';
import { RouteTableReconciler, type ReconcilerEvent } from './reconciler.js';
import type { DesiredRoute } from './desired-route.js';

interface IpRoute {
  dst: string;
  gateway?: string;
  protocol?: string;
  type?: string;
  metrics?: { mtu?: number }[];
  nexthops?: { gateway: string; weight?: number }[];
}
const routes = (ns: string, table: number, family: '-4' | '-6' = '-4') =>
  ipJson<IpRoute[]>(ns, family, 'route', 'show', 'table', String(table));
const find = (ns: string, table: number, dst: string, family: '-4' | '-6' = '-4') =>
  routes(ns, table, family).find((r) => r.dst === dst);
const until = <T>(what: string, probe: () => T | undefined) =>
  waitFor(what, async () => probe(), { timeoutMs: 5000, intervalMs: 25 });

const DESIRED: DesiredRoute[] = [
  { dst: parsePrefix('10.10.0.0/24'), gateway: parseIpAddress('10.0.0.2') },
  { dst: parsePrefix('10.11.0.0/24'), type: 'blackhole' },
  {
    dst: parsePrefix('10.12.0.0/24'),
    multipath: [{ gateway: parseIpAddress('10.0.0.2') }, { gateway: parseIpAddress('10.0.0.3'), weight: 3 }],
  },
  { dst: parsePrefix('10.13.0.0/24'), gateway: parseIpAddress('10.0.0.2'), metrics: { mtu: 1300 } },
  { dst: parsePrefix('fd10::/64'), gateway: parseIpAddress('fd00::2') },
  {
    dst: parsePrefix('fd11::/64'),
    multipath: [{ gateway: parseIpAddress('fd00::2') }, { gateway: parseIpAddress('fd00::3') }],
  },
  { dst: parsePrefix('10.50.0.0/24'), gateway: parseIpAddress('10.0.0.2') },
];

describe('RouteTableReconciler (real kernel, network namespace)', function () {
  this.timeout(30_000);
  let ns: string;
  const open: RouteTableReconciler[] = [];
  const reconciler = (options: ConstructorParameters<typeof RouteTableReconciler>[0] = {}) => {
    const r = new RouteTableReconciler({ netns: ns, tables: [100], ...options });
    open.push(r);
    return r;
  };

  before(() => {
    ns = createTestNetns();
    ipIn(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    ipIn(ns, 'addr', 'add', '10.0.0.1/24', 'dev', 'veth0');
    ipIn(ns, '-6', 'addr', 'add', 'fd00::1/64', 'dev', 'veth0', 'nodad');
    ipIn(ns, 'link', 'set', 'veth0', 'up');
    ipIn(ns, 'link', 'set', 'veth1', 'up');
    // Foreign routes: the same prefix as a Twill route, in another table and in the managed table
    // with another metric (as BIRD would install it).
    ipIn(ns, 'route', 'add', '10.50.0.0/24', 'via', '10.0.0.3', 'table', '200', 'proto', 'static');
    ipIn(
      ns,
      'route',
      'add',
      '10.50.0.0/24',
      'via',
      '10.0.0.3',
      'table',
      '100',
      'proto',
      'bird',
      'metric',
      '10',
    );
    ipIn(ns, 'route', 'add', '10.60.0.0/24', 'via', '10.0.0.3', 'table', '100', 'proto', 'static');
  });
  after(() => {
    for (const r of open) r.close();
    deleteTestNetns(ns);
  });
  afterEach(() => {
    for (const r of open.splice(0)) r.close();
  });

  it('installs IPv4/IPv6 unicast, ECMP, blackhole and MTU routes with protocol 0x54', async () => {
    const r = reconciler();
    r.setDesired(DESIRED);
    const result = await r.apply();
    expect(result).to.deep.equal({ added: 7, replaced: 0, deleted: 0, failed: 0 });
    expect(find(ns, 100, '10.10.0.0/24')).to.include({ gateway: '10.0.0.2', protocol: '84' });
    expect(find(ns, 100, '10.11.0.0/24')).to.include({ type: 'blackhole' });
    expect(find(ns, 100, '10.12.0.0/24')?.nexthops?.map((h) => [h.gateway, h.weight ?? 1])).to.deep.equal([
      ['10.0.0.2', 1],
      ['10.0.0.3', 3],
    ]);
    expect(find(ns, 100, '10.13.0.0/24')?.metrics).to.deep.equal([{ mtu: 1300 }]);
    expect(find(ns, 100, 'fd10::/64', '-6')).to.include({ gateway: 'fd00::2' });
    expect(find(ns, 100, 'fd11::/64', '-6')?.nexthops?.map((h) => h.gateway)).to.have.members([
      'fd00::2',
      'fd00::3',
    ]);
    expect(r.status()).to.deep.include({ desired: 7, inSync: 7, failures: [] });
    // Our own changes are not drift.
    expect(r.status().driftRepairs).to.deep.equal({ deleted: 0, changed: 0, replaced: 0, added: 0 });
  });

  it('never touches routes of other protocols, even with the same prefix', async () => {
    const r = reconciler();
    r.setDesired(DESIRED);
    await r.apply();
    r.setDesired(DESIRED.filter((d) => d.dst.toString() !== '10.50.0.0/24'));
    expect((await r.apply()).deleted).to.equal(1);
    expect(ipJson(ns, 'route', 'show', 'table', '200', '10.50.0.0/24')).to.deep.equal([
      { dst: '10.50.0.0/24', gateway: '10.0.0.3', dev: 'veth0', protocol: 'static', flags: [] },
    ]);
    expect(find(ns, 100, '10.50.0.0/24')).to.include({ protocol: 'bird', metric: 10 });
    expect(find(ns, 100, '10.60.0.0/24')).to.include({ protocol: 'static' });
    // A desired route whose exact key a foreign route holds is reported, and the foreign route stays.
    r.add([{ dst: parsePrefix('10.60.0.0/24'), gateway: parseIpAddress('10.0.0.2') }]);
    expect((await r.apply()).failed).to.equal(1);
    expect(r.status().failures.map((f) => f.error.code)).to.deep.equal(['FOREIGN_ROUTE_CONFLICT']);
    expect(find(ns, 100, '10.60.0.0/24')).to.include({ protocol: 'static', gateway: '10.0.0.3' });
    expect(r.status().driftRepairs).to.deep.equal({ deleted: 0, changed: 0, replaced: 0, added: 0 });
  });

  it('repairs drift it sees in route events at once, counted by kind: deleted, changed, replaced by another protocol, added', async () => {
    const r = reconciler();
    r.setDesired(DESIRED);
    await r.apply();
    const drift: ReconcilerEvent[] = [];
    r.on((e) => e.type === 'drift' && drift.push(e));
    ipIn(ns, 'route', 'del', '10.10.0.0/24', 'table', '100');
    await until('10.10.0.0/24 back', () => find(ns, 100, '10.10.0.0/24'));
    ipIn(ns, 'route', 'replace', '10.10.0.0/24', 'via', '10.0.0.3', 'table', '100', 'proto', '0x54');
    await until('gateway 10.0.0.2 back', () =>
      find(ns, 100, '10.10.0.0/24')?.gateway === '10.0.0.2' ? true : undefined,
    );
    ipIn(ns, '-6', 'route', 'replace', 'fd10::/64', 'via', 'fd00::3', 'table', '100');
    await until('fd10::/64 via fd00::2 proto 84 back', () => {
      const route = find(ns, 100, 'fd10::/64', '-6');
      return route?.gateway === 'fd00::2' && route.protocol === '84' ? true : undefined;
    });
    // A route with our protocol that we do not want, added by hand: deleted.
    ipIn(ns, 'route', 'add', '10.70.0.0/24', 'via', '10.0.0.2', 'table', '100', 'proto', '0x54');
    await until('10.70.0.0/24 deleted', () =>
      find(ns, 100, '10.70.0.0/24') === undefined ? true : undefined,
    );
    expect(drift.length).to.be.greaterThanOrEqual(4);
    expect(r.status().inSync).to.equal(7);
    const repairs = await until('4 repairs counted', () => {
      const counted = r.status().driftRepairs;
      return Object.values(counted).reduce((a, b) => a + b, 0) === 4 ? counted : undefined;
    });
    expect(repairs).to.deep.equal({ deleted: 1, changed: 1, replaced: 1, added: 1 });
  });

  it('repairs drift no event announced on the periodic resync (injected clock)', async () => {
    const clock = new FakeClock();
    const kernel = new KernelRouteNetlink({ netns: ns });
    // Deaf to events: only the periodic resync can notice the deletion.
    const deaf: RouteNetlink = {
      dumpRoutes: (f, t) => kernel.dumpRoutes(f, t),
      apply: (c) => kernel.apply(c),
      onRouteEvent: () => undefined,
      onOverrun: () => undefined,
      close: () => kernel.close(),
    };
    const r = reconciler({ netlink: deaf, clock, resyncIntervalMs: 60_000 });
    r.setDesired(DESIRED);
    await r.apply();
    ipIn(ns, 'route', 'del', '10.11.0.0/24', 'table', '100');
    clock.advance(59_000);
    expect(find(ns, 100, '10.11.0.0/24')).to.equal(undefined);
    const resynced = new Promise<ReconcilerEvent>((resolve) =>
      r.on((e) => e.type === 'resync' && resolve(e)),
    );
    clock.advance(1_000);
    expect(await resynced).to.deep.include({ result: { added: 1, replaced: 0, deleted: 0, failed: 0 } });
    expect(find(ns, 100, '10.11.0.0/24')).to.include({ type: 'blackhole' });
    expect(r.status().driftRepairs).to.deep.equal({ deleted: 1, changed: 0, replaced: 0, added: 0 });
  });

  it('recovers after ENOBUFS on its monitor: the overrun is reported and a forced resync repairs what it missed', async () => {
    // A monitor queue of a few KiB, and a burst of 2000 outside changes (in an unmanaged table) made
    // while this thread is blocked in execFileSync: the queue overflows, and the deletion of one of
    // our routes, last in the burst, is among the notifications the kernel dropped.
    const r = reconciler({ netlink: new KernelRouteNetlink({ netns: ns, monitorRcvbufBytes: 4096 }) });
    r.setDesired(DESIRED);
    await r.apply();
    const events: ReconcilerEvent[] = [];
    r.on((e) => events.push(e));
    const resyncsBefore = r.status().resyncs;
    const burst = Array.from(
      { length: 2000 },
      (_, i) => `route add blackhole 10.${200 + (i >> 8)}.${i & 255}.0/24 table 300`,
    );
    try {
      ipBatch(ns, [...burst, 'route del 10.11.0.0/24 table 100']);
      await until('10.11.0.0/24 back', () => find(ns, 100, '10.11.0.0/24'));
      await until('the resync finished', () => (r.status().resyncs > resyncsBefore ? true : undefined));
      expect(events.filter((e) => e.type === 'overrun')).to.have.length.greaterThanOrEqual(1);
      // The deletion was never seen as an event: the resync after the overrun put the route back.
      expect(events.filter((e) => e.type === 'drift')).to.deep.equal([]);
      const resync = events.find((e) => e.type === 'resync');
      expect(resync).to.deep.include({ result: { added: 1, replaced: 0, deleted: 0, failed: 0 } });
      const status = r.status();
      expect(status.overruns).to.be.greaterThanOrEqual(1);
      expect(status.lastOverrunAtMs).to.be.a('number');
      expect(status).to.deep.include({ desired: 7, inSync: 7, failures: [] });
      expect(status.driftRepairs.deleted).to.equal(1);
      expect(find(ns, 100, '10.11.0.0/24')).to.include({ type: 'blackhole', protocol: '84' });
    } finally {
      ipIn(ns, 'route', 'flush', 'table', '300');
    }
  });

  it('retries a route the kernel refuses (ENETUNREACH) with backoff, reporting it until it succeeds', async () => {
    const clock = new FakeClock();
    const r = reconciler({ clock, backoff: { initialMs: 1000, maxMs: 8000 } });
    const events: ReconcilerEvent[] = [];
    r.on((e) => events.push(e));
    r.setDesired([{ dst: parsePrefix('10.70.0.0/24'), gateway: parseIpAddress('10.77.0.1') }]);
    expect((await r.apply()).failed).to.equal(1);
    const [failure] = r.status().failures;
    expect(failure?.error.code).to.equal('KERNEL_ERROR');
    expect((failure?.error as { errnoName?: string }).errnoName).to.equal('ENETUNREACH');
    expect(failure?.attempts).to.equal(1);
    clock.advance(1000); // retry 1 fails again: the next one waits twice as long
    await until('second attempt', () => (r.status().failures[0]?.attempts === 2 ? true : undefined));
    expect(r.status().failures[0]?.nextAttemptAtMs).to.equal(1000 + 2000);
    ipIn(ns, 'addr', 'add', '10.77.0.2/24', 'dev', 'veth0');
    try {
      clock.advance(2000);
      await until('route installed after the gateway became reachable', () => find(ns, 100, '10.70.0.0/24'));
      await until('failure cleared', () => (r.status().failures.length === 0 ? true : undefined));
      expect(events.filter((e) => e.type === 'route-failed')).to.have.length(2);
      expect(events.some((e) => e.type === 'route-recovered')).to.equal(true);
    } finally {
      ipIn(ns, 'addr', 'del', '10.77.0.2/24', 'dev', 'veth0');
    }
  });

  it('leaves its routes in the kernel on close(); a new reconciler adopts them without a single change', async () => {
    const first = reconciler();
    first.setDesired(DESIRED);
    await first.apply();
    first.close();
    expect(find(ns, 100, '10.10.0.0/24')).to.include({ protocol: '84' });
    expect(find(ns, 100, 'fd11::/64', '-6')).to.not.equal(undefined);

    const monitor = NetlinkSocket.open({ netns: ns, groups: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE] });
    // What the monitor saw in table 100, as "new|del <dst> proto <n>", so a failure says what changed.
    const changes: string[] = [];
    monitor.onNotification((m) => {
      if (m.type !== RTM_NEWROUTE && m.type !== RTM_DELROUTE) return;
      const r = decodeRoute(m.payload);
      // Only the managed table: the kernel adds its own routes elsewhere at any time (e.g. an IPv6
      // link-local /128 in table local once the veth's address has passed DAD).
      if (r.table !== 100) return;
      changes.push(`${m.type === RTM_NEWROUTE ? 'new' : 'del'} ${r.dst.toString()} proto ${r.protocol}`);
    });
    try {
      const second = reconciler();
      second.setDesired(DESIRED);
      expect(await second.apply()).to.deep.equal({ added: 0, replaced: 0, deleted: 0, failed: 0 });
      expect(second.status().inSync).to.equal(7);
      expect(changes, 'route changes while adopting').to.deep.equal([]);
      // A change made after the adoption is seen, so silence above means there was nothing to see.
      ipIn(ns, 'route', 'add', '10.99.0.0/24', 'via', '10.0.0.3', 'table', '100', 'proto', 'static');
      await until('the probe route event', () => (changes.length > 0 ? true : undefined));
      expect(changes[0]).to.equal('new 10.99.0.0/24 proto 4');
      // Nothing of ours changed, also after the probe (the adopting reconciler saw it and left it).
      expect(
        changes.filter((c) => !c.startsWith('new 10.99.0.0/24 ')),
        changes.join('; '),
      ).to.deep.equal([]);
    } finally {
      monitor.close();
      ipIn(ns, 'route', 'del', '10.99.0.0/24', 'table', '100');
    }
  });
});
