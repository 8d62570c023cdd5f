// The typha path of twill-node: the configured TLS files, read at start, are enough to sync from a real
// typha over a real etcd; a missing file fails with the key that names it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import type { SyncStatus, SyncUpdate } from '../../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../../datastore/testing/etcd-server.js';
import { Harness } from '../../../typha-proxy/testing/harness.js';
import { createTestPki, type TestPki } from '../../../typha-proxy/testing/test-pki.js';
import { waitFor } from '../../../lab/wait.js';
import { node } from '../calc/testing/resources.js';
import { typhaSyncSource } from './sync-source.js';

describe('typhaSyncSource (twill-node syncing from typha)', function () {
  this.timeout(30_000);
  let etcd: EtcdServer;
  let pki: TestPki;
  let harness: Harness;
  let dir: string;

  before(async () => {
    [etcd, pki, dir] = await Promise.all([
      startEtcd(),
      createTestPki(),
      mkdtemp(join(tmpdir(), 'twill-node-typha-')),
    ]);
    harness = new Harness(pki, etcd.endpoint, '/node-typha');
  });
  after(async () => {
    await harness?.close();
    await etcd?.stop();
    await pki?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches in-sync with the resources typha serves, using the configured files', async () => {
    await harness.backend().create(node('n1', { bgp: { ipv4Address: '10.0.1.11/24' } }));
    const server = await harness.server();
    const identity = await harness.identity();
    const files = {
      caFile: join(dir, 'ca.pem'),
      certFile: join(dir, 'node.pem'),
      keyFile: join(dir, 'node.key'),
    };
    await writeFile(files.caFile, pki.ca);
    await writeFile(files.certFile, identity.cert);
    await writeFile(files.keyFile, identity.key);
    const statuses: SyncStatus[] = [];
    const updates: SyncUpdate[] = [];
    const factory = await typhaSyncSource(
      { addresses: [`127.0.0.1:${server.port}`], serverCommonName: '', ...files },
      'n1',
      new MemoryLogger(),
    );
    const source = factory({ onStatus: (s) => statuses.push(s), onUpdates: (u) => updates.push(...u) }, [
      'Node',
    ]);
    source.start();
    try {
      await waitFor('in-sync from typha', async () => (statuses.includes('in-sync') ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      expect(updates.map((u) => u.key)).to.deep.equal(['Node/n1']);
      expect(source.connection?.()).to.deep.equal({ connected: true });
    } finally {
      await source.stop();
    }
    expect(source.connection?.()).to.deep.equal({ connected: false });
  });

  it('names the key of a TLS file it cannot read', async () => {
    const missing = join(dir, 'missing.pem');
    const error = await typhaSyncSource(
      {
        addresses: ['127.0.0.1:1'],
        serverCommonName: '',
        caFile: missing,
        certFile: missing,
        keyFile: missing,
      },
      'n1',
      new MemoryLogger(),
    ).catch((e: unknown) => e as Error);
    expect((error as Error).message)
      .to.contain('datastore.typha.caFile')
      .and.to.contain(missing);
  });
});
