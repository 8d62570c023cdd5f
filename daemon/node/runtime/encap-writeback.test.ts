import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MemoryLogger, parseIpAddress, parsePrefix } from '../../../common/index.js';
import { MemoryBackend } from '../../../datastore/index.js';
import { node, pool } from '../calc/testing/resources.js';
import { publishedVtepMac, tunnelHandle, writeBackEncap } from './encap-writeback.js';

describe('writeBackEncap (VTEP, tunnel address and WireGuard key into the Node)', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twill-encap-wb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('allocates the tunnel address from IPAM under the node handle and keeps it on the next call', async () => {
    const backend = new MemoryBackend();
    await backend.create(pool('vx', '10.244.0.0/16', { encapsulation: { type: 'VXLAN', mode: 'Always' } }));
    await backend.create(node('n1', { bgp: { ipv4Address: '10.1.0.11/24' } }));
    const log = new MemoryLogger();
    const key = join(dir, 'n1.key');
    expect(await writeBackEncap(backend, 'n1', { vxlan: true, wireguard: false }, key, log)).to.equal(
      'updated',
    );
    const stored = await backend.get('Node', 'n1');
    expect(stored.spec.vxlanTunnelMACAddr).to.equal(publishedVtepMac('n1'));
    const address = stored.spec.vxlanTunnelAddress as string;
    expect(parsePrefix('10.244.0.0/16').contains(parseIpAddress(address))).to.equal(true);
    expect(stored.spec.bgp?.ipv4Address).to.equal('10.1.0.11/24');
    const handles = (await backend.list('IPAMHandle')).items.filter(
      (h) => h.spec.handleID === tunnelHandle('n1'),
    );
    expect(handles.map((h) => Object.values(h.spec.block))).to.deep.equal([[1]]);
    expect(stored.status?.wireguardPublicKey).to.equal(undefined);

    expect(await writeBackEncap(backend, 'n1', { vxlan: true, wireguard: false }, key, log)).to.equal(
      'unchanged',
    );
    expect((await backend.get('Node', 'n1')).spec.vxlanTunnelAddress).to.equal(address);
  });

  it('publishes the WireGuard public key from a key file that persists across calls (restarts)', async () => {
    const backend = new MemoryBackend();
    await backend.create(node('n2', {}));
    const key = join(dir, 'n2.key');
    const log = new MemoryLogger();
    expect(await writeBackEncap(backend, 'n2', { vxlan: false, wireguard: true }, key, log)).to.equal(
      'updated',
    );
    const published = (await backend.get('Node', 'n2')).status?.wireguardPublicKey;
    expect(published).to.match(/^[A-Za-z0-9+/]{43}=$/);
    const privateKey = readFileSync(key, 'utf8');
    expect(await writeBackEncap(backend, 'n2', { vxlan: false, wireguard: true }, key, log)).to.equal(
      'unchanged',
    );
    expect(readFileSync(key, 'utf8')).to.equal(privateKey);
    expect((await backend.get('Node', 'n2')).spec.vxlanTunnelMACAddr).to.equal(undefined);
  });

  it('without a VXLAN pool that allows Tunnel use publishes no VTEP and says why', async () => {
    const backend = new MemoryBackend();
    await backend.create(
      pool('vx', '10.244.0.0/16', {
        encapsulation: { type: 'VXLAN', mode: 'Always' },
        allowedUses: ['Workload'],
      }),
    );
    await backend.create(node('n3', {}));
    const log = new MemoryLogger();
    expect(
      await writeBackEncap(backend, 'n3', { vxlan: true, wireguard: false }, join(dir, 'k'), log),
    ).to.equal('unchanged');
    expect(JSON.stringify(log.entries)).to.include('allows Tunnel use');
  });
});
