import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../../common/index.js';
import {
  WGPEER_F_REMOVE_ME,
  WGPEER_F_REPLACE_ALLOWEDIPS,
  type WgDevice,
  type WgPeer,
} from '../../netlink/index.js';
import { FakeLinkOps } from '../testing/fake-link-ops.js';
import type { WireGuardBackend } from './backend.js';
import { generateKeyPair } from './keys.js';
import { deviceChange, WireGuardManager } from './wireguard-manager.js';

class FakeBackend implements WireGuardBackend {
  readonly kind = 'userspace' as const;
  device: WgDevice = {};
  readonly sets: WgDevice[] = [];
  constructor(private readonly ops: FakeLinkOps) {}
  async ensureDevice(ifname: string): Promise<void> {
    if (!this.ops.links_.some((l) => l.name === ifname))
      await this.ops.createLink({ index: 0, name: ifname });
  }
  getDevice(): Promise<WgDevice> {
    return Promise.resolve(this.device);
  }
  setDevice(_ifname: string, change: WgDevice): Promise<void> {
    this.sets.push(change);
    const peers = new Map((this.device.peers ?? []).map((p) => [p.publicKey.toString('hex'), p]));
    for (const p of change.peers ?? []) {
      if (((p.flags ?? 0) & WGPEER_F_REMOVE_ME) !== 0) peers.delete(p.publicKey.toString('hex'));
      else peers.set(p.publicKey.toString('hex'), { ...p, flags: 0 });
    }
    this.device = { ...this.device, ...change, peers: [...peers.values()] };
    return Promise.resolve();
  }
  close(): void {}
}

const peer = (key: Buffer, block: string, endpoint = '192.168.2.3'): WgPeer => ({
  publicKey: key,
  endpoint: { address: parseIpAddress(endpoint), port: 51820 },
  allowedIps: [parsePrefix(block)],
  flags: WGPEER_F_REPLACE_ALLOWEDIPS,
});

describe('WireGuardManager (fake kernel and backend)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'twt-enc-wg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deviceChange: nothing when equal; removals first; only changed peers; key and port when they differ', () => {
    const me = generateKeyPair().privateKey;
    const [a, b, c] = [generateKeyPair().publicKey, generateKeyPair().publicKey, generateKeyPair().publicKey];
    const current: WgDevice = {
      privateKey: me,
      listenPort: 51820,
      peers: [peer(a, '10.0.1.0/24'), peer(b, '10.0.2.0/24')],
    };
    const same = new Map([
      [a.toString('hex'), peer(a, '10.0.1.0/24')],
      [b.toString('hex'), peer(b, '10.0.2.0/24')],
    ]);
    expect(deviceChange(current, me, 51820, same)).to.equal(undefined);

    const next = new Map([
      [a.toString('hex'), peer(a, '10.0.1.0/24')],
      [c.toString('hex'), peer(c, '10.0.2.0/24')],
    ]);
    const change = deviceChange(current, me, 51820, next);
    expect(change?.privateKey).to.equal(undefined);
    expect(change?.peers?.map((p) => [p.publicKey.toString('hex'), p.flags])).to.deep.equal([
      [b.toString('hex'), WGPEER_F_REMOVE_ME],
      [c.toString('hex'), WGPEER_F_REPLACE_ALLOWEDIPS],
    ]);
    const rotated = generateKeyPair().privateKey;
    expect(deviceChange(current, rotated, 51821, same)).to.deep.include({
      privateKey: rotated,
      listenPort: 51821,
    });
  });

  it('configures the device: MTU − 80, key from the key file, one peer per node, routes through it', async () => {
    const ops = new FakeLinkOps();
    const backend = new FakeBackend(ops);
    const m = new WireGuardManager({ ops, backend, keyFile: join(dir, 'wg.key'), deviceName: 'wg-t' });
    const remoteKey = generateKeyPair().publicKey.toString('base64');
    m.onLocalUpdate({ name: 'n1', address: parseIpAddress('192.168.1.1') });
    m.onRemoteUpdate({
      name: 'n3',
      address: parseIpAddress('192.168.2.3'),
      blocks: [parsePrefix('10.244.3.0/24')],
      wireguardPublicKey: remoteKey,
    });
    m.onRemoteUpdate({
      name: 'n4',
      address: parseIpAddress('192.168.2.4'),
      blocks: [parsePrefix('10.244.4.0/24')],
    });
    await m.completeDeferredWork();
    const link = ops.links_.find((l) => l.name === 'wg-t');
    expect(link).to.deep.include({ mtu: 1420, flags: 1 });
    expect(backend.device.privateKey?.length).to.equal(32);
    expect(backend.device.peers?.map((p) => p.publicKey.toString('base64'))).to.deep.equal([remoteKey]);
    // n4 has published no key yet: no peer, no route.
    expect(m.routes().map((r) => `${r.dst} dev ${r.oif}`)).to.deep.equal([
      `10.244.3.0/24 dev ${link?.index}`,
    ]);
    const setsBefore = backend.sets.length;
    await m.completeDeferredWork();
    expect(backend.sets.length).to.equal(setsBefore);

    const before = await m.publicKey();
    const after = await m.rotateKey();
    expect(after).to.not.equal(before);
    const reloaded = new WireGuardManager({ ops, backend, keyFile: join(dir, 'wg.key') });
    expect(await reloaded.publicKey()).to.equal(after);
  });
});
