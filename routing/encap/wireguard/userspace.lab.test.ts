// The UAPI client and backend detection against a real wireguard-go in a namespace (needs root).
import { execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../../common/index.js';
import { waitFor } from '../../../lab/wait.js';
import { WGDEVICE_F_REPLACE_PEERS } from '../../netlink/index.js';
import { createTestNetns, deleteTestNetns } from '../../netlink/testing/netns.js';
import { KernelLinkOps } from '../link-ops.js';
import { detectWireGuardBackend } from './backend.js';
import { generateKeyPair } from './keys.js';

const execFileAsync = promisify(execFile);

describe('wireguard-go over UAPI (real daemon, network namespace)', function () {
  this.timeout(20_000);
  const ifname = `tw${process.pid.toString(36)}u`;
  let ns: string;
  let ops: KernelLinkOps;

  before(() => {
    ns = createTestNetns();
    ops = new KernelLinkOps({ netns: ns });
  });
  after(async () => {
    ops?.close();
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const pid of pids) process.kill(Number(pid), 'SIGTERM');
    await waitFor(
      'wireguard-go gone',
      async () => {
        const left = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).trim();
        return left === '' ? true : undefined;
      },
      { timeoutMs: 5000, intervalMs: 50 },
    );
    deleteTestNetns(ns);
  });

  it('detects the backend the kernel allows, then sets and reads back what `wg` shows', async () => {
    let kernelHasWireGuard = true;
    try {
      execFileSync('ip', ['-n', ns, 'link', 'add', 'probe0', 'type', 'wireguard'], { stdio: 'pipe' });
      execFileSync('ip', ['-n', ns, 'link', 'del', 'probe0']);
    } catch {
      kernelHasWireGuard = false;
    }
    const backend = await detectWireGuardBackend({
      ops,
      netns: ns,
      launch: async (name) => {
        await execFileAsync('ip', ['netns', 'exec', ns, 'wireguard-go', name]);
      },
    });
    expect(backend.kind).to.equal(kernelHasWireGuard ? 'kernel' : 'userspace');
    if (backend.kind !== 'userspace') return backend.close(); // the rest is about wireguard-go

    await backend.ensureDevice(ifname);
    const me = generateKeyPair();
    const peer = generateKeyPair();
    await backend.setDevice(ifname, {
      privateKey: me.privateKey,
      listenPort: 51999,
      flags: WGDEVICE_F_REPLACE_PEERS,
      peers: [
        {
          publicKey: peer.publicKey,
          endpoint: { address: parseIpAddress('192.0.2.7'), port: 51820 },
          allowedIps: [parsePrefix('10.244.7.0/24'), parsePrefix('fd00:7::/64')],
        },
      ],
    });
    const dump = execFileSync('wg', ['show', ifname, 'dump'], { encoding: 'utf8' }).trim().split('\n');
    expect(dump[0]?.split('\t').slice(0, 3)).to.deep.equal([
      me.privateKey.toString('base64'),
      me.publicKey.toString('base64'),
      '51999',
    ]);
    expect(dump[1]?.split('\t')[0]).to.equal(peer.publicKey.toString('base64'));
    expect(dump[1]?.split('\t')[2]).to.equal('192.0.2.7:51820');
    expect(dump[1]?.split('\t')[3]).to.equal('10.244.7.0/24,fd00:7::/64');

    const read = await backend.getDevice(ifname);
    expect(read.privateKey?.equals(me.privateKey)).to.equal(true);
    expect(read.listenPort).to.equal(51999);
    expect(read.peers?.[0]?.allowedIps?.map(String)).to.deep.equal(['10.244.7.0/24', 'fd00:7::/64']);
    // Adopted, not started twice: the daemon already answers.
    await backend.ensureDevice(ifname);
    expect(execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).trim().split('\n')).to.have.length(
      1,
    );
  });
});
