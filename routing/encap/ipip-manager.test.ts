import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { expectTwillError } from '../../common/testing/expect-error.js';
import { IpipManager } from './ipip-manager.js';
import { NativeManager } from './native-manager.js';
import { FakeLinkOps } from './testing/fake-link-ops.js';

const remotes = [
  { name: 'n2', address: parseIpAddress('192.168.1.2'), blocks: [parsePrefix('10.244.2.0/24')] },
  { name: 'n3', address: parseIpAddress('192.168.2.3'), blocks: [parsePrefix('10.244.3.0/24')] },
];
const text = (m: {
  routes(): readonly { dst: object; gateway?: object; oif?: number; onlink?: boolean }[];
}) =>
  m
    .routes()
    .map(
      (r) =>
        `${String(r.dst)} via ${String(r.gateway)}${r.oif ? ` dev ${r.oif}` : ''}${r.onlink ? ' onlink' : ''}`,
    );

describe('IpipManager and NativeManager (fake kernel)', () => {
  it('IP-in-IP: tunl0 with MTU − 20, up, CrossSubnet onlink routes through it', async () => {
    const ops = new FakeLinkOps();
    const m = new IpipManager({ ops, scope: 'cross-subnet' });
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
    for (const r of remotes) m.onRemoteUpdate(r);
    await m.completeDeferredWork();
    const tunl = ops.links_.find((l) => l.name === 'tunl0');
    expect(tunl).to.deep.include({ mtu: 1480, flags: 1 });
    expect(text(m)).to.deep.equal([
      '10.244.2.0/24 via 192.168.1.2',
      `10.244.3.0/24 via 192.168.2.3 dev ${tunl?.index} onlink`,
    ]);
  });

  it('IP-in-IP: a kernel without ipip gives IPIP_UNSUPPORTED saying what to do', async () => {
    const ops = new FakeLinkOps();
    ops.refuseKinds.add('ipip');
    const m = new IpipManager({ ops });
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
    const err = await m.completeDeferredWork().catch((e: unknown) => e);
    expectTwillError(
      () => {
        throw err;
      },
      'IPIP_UNSUPPORTED',
      'no IP-in-IP support',
      'modprobe ipip',
      'VXLAN',
    );
    expect(m.routes()).to.deep.equal([]);
  });

  it('IP-in-IP with a device name: bound to the node address, rebound when that address changes', async () => {
    const ops = new FakeLinkOps();
    const m = new IpipManager({ ops, deviceName: 'twill.ipip' });
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
    m.onRemoteUpdate(remotes[1] as (typeof remotes)[number]);
    await m.completeDeferredWork();
    const dev = ops.links_.find((l) => l.name === 'twill.ipip');
    expect(dev?.info).to.deep.equal({ kind: 'ipip', local: parseIpAddress('192.168.1.1') });
    expect(ops.links_.some((l) => l.name === 'tunl0')).to.equal(false);
    expect(text(m)).to.deep.equal([`10.244.3.0/24 via 192.168.2.3 dev ${dev?.index} onlink`]);
    // Same address: adopted as is, nothing created again.
    await m.completeDeferredWork();
    expect(ops.calls.filter((c) => c.startsWith('create'))).to.have.length(1);
    ops.addresses_.push({ index: 2, address: parseIpAddress('192.168.1.9'), prefixLength: 24 });
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.9') });
    await m.completeDeferredWork();
    const rebound = ops.links_.filter((l) => l.name === 'twill.ipip');
    expect(rebound.map((l) => l.info)).to.deep.equal([
      { kind: 'ipip', local: parseIpAddress('192.168.1.9') },
    ]);
  });

  it('native: via the node on the subnet, via the underlay next hop toward a node behind a router', async () => {
    const ops = new FakeLinkOps();
    const m = new NativeManager({ ops });
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
    for (const r of remotes) m.onRemoteUpdate(r);
    await m.completeDeferredWork();
    expect(text(m)).to.deep.equal(['10.244.2.0/24 via 192.168.1.2', '10.244.3.0/24 via 192.168.1.254']);
    m.onRemoteRemove('n3');
    await m.completeDeferredWork();
    expect(text(m)).to.deep.equal(['10.244.2.0/24 via 192.168.1.2']);
  });
});
