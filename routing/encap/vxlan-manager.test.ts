import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { NTF_SELF, NUD_PERMANENT } from '../netlink/index.js';
import type { RemoteNode } from './node.js';
import { FakeLinkOps } from './testing/fake-link-ops.js';
import { VxlanManager } from './vxlan-manager.js';
import { vtepMacFor } from './vtep-mac.js';

const near: RemoteNode = {
  name: 'n2',
  address: parseIpAddress('192.168.1.2'),
  blocks: [parsePrefix('10.244.2.0/24')],
  vtepMac: vtepMacFor('n2'),
};
const far: RemoteNode = {
  name: 'n3',
  address: parseIpAddress('192.168.2.3'),
  blocks: [parsePrefix('10.244.3.0/24')],
  vtepMac: vtepMacFor('n3'),
};

function manager(ops: FakeLinkOps, scope: 'always' | 'cross-subnet' = 'always', vni = 4096): VxlanManager {
  const m = new VxlanManager({ ops, deviceName: 'twill.vxlan', scope, vni });
  m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
  return m;
}

describe('VxlanManager (fake kernel)', () => {
  it('derives a stable, locally administered unicast VTEP MAC from the node name', () => {
    expect(vtepMacFor('node-a')).to.equal(vtepMacFor('node-a'));
    expect(vtepMacFor('node-a')).to.not.equal(vtepMacFor('node-b'));
    expect(vtepMacFor('node-a')).to.match(/^02(:[0-9a-f]{2}){5}$/);
  });

  it('creates the device from the uplink: VNI, port 4789, local address, MTU − 50, MAC, no learning', async () => {
    const ops = new FakeLinkOps();
    const m = manager(ops);
    await m.completeDeferredWork();
    const device = ops.links_.find((l) => l.name === 'twill.vxlan');
    expect(device).to.deep.include({ mtu: 1450, address: vtepMacFor('n1') });
    expect(device?.info).to.deep.include({ kind: 'vxlan', vni: 4096, port: 4789, dev: 2, learning: false });
    expect(device?.info?.kind === 'vxlan' && device.info.local?.toString()).to.equal('192.168.1.1');
    expect(m.vtepMac).to.equal(vtepMacFor('n1'));
  });

  it('CrossSubnet: FDB and neighbour entries and an onlink route only for the far node', async () => {
    const ops = new FakeLinkOps();
    const m = manager(ops, 'cross-subnet');
    m.onRemoteUpdate(near);
    m.onRemoteUpdate(far);
    await m.completeDeferredWork();
    const index = ops.links_.find((l) => l.name === 'twill.vxlan')?.index;
    expect(ops.neighbours_).to.have.length(2);
    expect(ops.neighbours_).to.deep.include.members([
      {
        family: 'bridge',
        index,
        state: NUD_PERMANENT,
        flags: NTF_SELF,
        lladdr: vtepMacFor('n3'),
        dst: far.address,
      },
      { family: 'inet', index, state: NUD_PERMANENT, dst: far.address, lladdr: vtepMacFor('n3') },
    ]);
    const routes = m.routes().map((r) => `${r.dst} ${r.gateway} ${r.oif ?? '-'} ${r.onlink === true}`);
    expect(routes).to.deep.equal([
      `10.244.2.0/24 192.168.1.2 - false`,
      `10.244.3.0/24 192.168.2.3 ${index} true`,
    ]);
  });

  it('changes nothing when run again, and removes the entries of a node that left', async () => {
    const ops = new FakeLinkOps();
    const m = manager(ops);
    m.onRemoteUpdate(near);
    m.onRemoteUpdate(far);
    await m.completeDeferredWork();
    ops.calls.length = 0;
    await m.completeDeferredWork();
    expect(ops.calls).to.deep.equal([]);
    m.onRemoteRemove('n3');
    await m.completeDeferredWork();
    expect(ops.calls.filter((c) => c.startsWith('neigh delete'))).to.have.length(2);
    expect(ops.neighbours_.every((n) => n.dst?.equals(near.address))).to.equal(true);
    expect(m.routes().map((r) => r.dst.toString())).to.deep.equal(['10.244.2.0/24']);
  });

  it('recreates the device when its VNI changes, and skips a remote without a VTEP MAC', async () => {
    const ops = new FakeLinkOps();
    await manager(ops, 'always', 1).completeDeferredWork();
    ops.calls.length = 0;
    const m = manager(ops, 'always', 2);
    m.onRemoteUpdate({ ...far, vtepMac: undefined as never });
    await m.completeDeferredWork();
    expect(ops.calls[0]).to.match(/^delete link/);
    expect(ops.calls[1]).to.equal('create twill.vxlan vxlan');
    expect(m.routes()).to.deep.equal([]);
  });
});
