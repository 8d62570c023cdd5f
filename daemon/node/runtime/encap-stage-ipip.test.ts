import { expect } from 'chai';

import { MemoryLogger, parseIpAddress } from '../../../common/index.js';
import { NetlinkError } from '../../../routing/netlink/index.js';
import { FakeLinkOps } from '../../../routing/encap/testing/fake-link-ops.js';
import type { RemoteRoutes } from '../calc/index.js';
import { EncapStage } from './encap-stage.js';

// The node's encapsulation stage with an IP-in-IP pool, against routing/encap's in-memory kernel.
const remote: RemoteRoutes = {
  routes: [
    { cidr: '10.245.2.0/26', node: 'n2', nextHop: '192.168.2.12', encapsulation: 'ipip', pool: 'tunnel' },
    { cidr: '10.244.2.0/26', node: 'n2', nextHop: '192.168.2.12', encapsulation: 'native', pool: 'pods' },
  ],
  vteps: [],
  wireguardPeers: [],
  unroutable: [],
};

function stage(ops: FakeLinkOps, log: MemoryLogger): { stage: EncapStage; applied: Promise<void> } {
  let done: () => void = () => undefined;
  const applied = new Promise<void>((resolve) => (done = resolve));
  const s = new EncapStage({
    nodeName: 'n1',
    vxlanVni: 4096,
    vxlanPort: 4789,
    wireguardListenPort: 51820,
    wireguardKeyFile: '/nonexistent/key',
    wireguardSocketDir: '/nonexistent',
    log,
    ops,
    onApplied: () => done(),
  });
  s.setLocalAddresses(parseIpAddress('192.168.1.1'), undefined);
  s.setRemote(remote);
  return { stage: s, applied };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('EncapStage with an IP-in-IP pool (fake kernel)', () => {
  it('where ipip exists: twill.ipip bound to the node address, MTU − 20, route via the node onlink', async () => {
    const ops = new FakeLinkOps();
    const { stage: s, applied } = stage(ops, new MemoryLogger());
    try {
      await applied;
      const dev = ops.links_.find((l) => l.name === 'twill.ipip');
      expect(dev).to.deep.include({ mtu: 1480, flags: 1 });
      expect(dev?.info).to.deep.equal({ kind: 'ipip', local: parseIpAddress('192.168.1.1') });
      expect(
        s.routes().map((r) => `${r.dst.toString()} via ${String(r.gateway)} dev ${r.oif} ${r.onlink}`),
      ).to.deep.equal([`10.245.2.0/26 via 192.168.2.12 dev ${dev?.index} true`]);
      expect(s.status()).to.deep.include({ ipip: 'on', ipipPools: ['tunnel'], routes: 1 });
    } finally {
      s.close();
    }
  });

  it('where the kernel has no ipip: unsupported naming the pool, logged once, no route, no retry loop', async () => {
    const ops = new FakeLinkOps();
    ops.refuseKinds.add('ipip');
    const log = new MemoryLogger();
    const { stage: s, applied } = stage(ops, log);
    try {
      await applied;
      expect(s.routes()).to.deep.equal([]);
      const status = s.status();
      expect(status).to.deep.include({ ipip: 'unsupported', ipipPools: ['tunnel'], failures: 0 });
      expect(status.ipipError)
        .to.contain('IPPool tunnel asks for IP-in-IP')
        .and.to.contain('no IP-in-IP support')
        .and.to.contain('not routed');
      const errors = log.entries.filter((e) => e.level === 'error');
      expect(errors.map((e) => e.msg)).to.deep.equal([
        'IP-in-IP not supported by this kernel; the pools’ remote blocks are not routed',
      ]);
      expect(errors[0]?.fields).to.deep.include({ pools: ['tunnel'], blocks: ['10.245.2.0/26'] });
      // A later apply probes again but does not log the same thing again.
      s.setRemote({ ...remote, routes: [...remote.routes] });
      s.setLocalAddresses(parseIpAddress('192.168.1.1'), parseIpAddress('fd00::1'));
      await until(
        'a second probe',
        () => ops.calls.filter((c) => c === 'create twill.ipip ipip').length >= 2,
      );
      expect(log.entries.filter((e) => e.level === 'error')).to.have.length(1);
    } finally {
      s.close();
    }
  });

  it('another kernel error is not "unsupported": the apply fails and is retried', async () => {
    const ops = new FakeLinkOps();
    ops.failKinds.set(
      'ipip',
      new NetlinkError('KERNEL_ERROR', 'Operation not permitted', { errno: 1, errnoName: 'EPERM' }),
    );
    const { stage: s } = stage(ops, new MemoryLogger());
    try {
      await until('a failed apply', () => s.status().failures > 0);
      expect(s.status()).to.deep.include({ ipip: 'off' });
      expect(s.status().lastError).to.contain('Operation not permitted');
      expect(s.routes()).to.deep.equal([]);
    } finally {
      s.close();
    }
  });
});
