// KernelRouteNetlink against the real kernel in a namespace created for the test (needs root).
import { expect } from 'chai';
import { parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import { RT_SCOPE_UNIVERSE, type RouteMessage } from '../netlink/index.js';
import { createTestNetns, deleteTestNetns, ipIn } from '../netlink/testing/netns.js';
import { KernelRouteNetlink, type RouteEvent } from './route-netlink.js';

const blackhole = (dst: string): RouteMessage => ({
  dst: parsePrefix(dst),
  table: 100,
  protocol: 0x54,
  scope: RT_SCOPE_UNIVERSE,
  type: 'blackhole',
});

describe('KernelRouteNetlink (real kernel, network namespace)', function () {
  this.timeout(30_000);
  let ns: string;
  let kernel: KernelRouteNetlink | undefined;

  before(() => {
    ns = createTestNetns();
  });
  after(() => {
    kernel?.close();
    deleteTestNetns(ns);
  });

  it('reports outside route changes and filters out the echo of its own', async () => {
    const k = new KernelRouteNetlink({ netns: ns });
    kernel = k;
    const events: RouteEvent[] = [];
    k.onRouteEvent((e) => events.push(e));
    expect(await k.apply([{ kind: 'add', route: blackhole('10.80.0.0/24') }])).to.deep.equal([undefined]);
    ipIn(ns, 'route', 'add', 'blackhole', '10.81.0.0/24', 'table', '100');
    // One socket's notifications arrive in order: once the outside change is seen, the echo of our
    // own earlier change would have been seen before it.
    await waitFor('the outside change', async () => (events.length > 0 ? true : undefined), {
      timeoutMs: 5000,
      intervalMs: 10,
    });
    expect(events.map((e) => `${e.kind} ${e.route.dst.toString()}`)).to.deep.equal(['new 10.81.0.0/24']);
    expect(events[0]?.senderPortId).to.not.equal(0);
    const dumped = await k.dumpRoutes(4, 100);
    expect(dumped.map((r) => r.dst.toString()).sort()).to.deep.equal(['10.80.0.0/24', '10.81.0.0/24']);
  });
});
