import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { EtcdBackend } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { block, bgpPeer, node, pool } from './calc/testing/resources.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const run = promisify(execFile);

describe('twill-node --dry-run (real etcd)', function () {
  this.timeout(60_000);
  let server: EtcdServer | undefined;

  before(async () => {
    server = await startEtcd();
    const backend = new EtcdBackend({ endpoints: [server.endpoint], keyPrefix: '/dry-run' });
    try {
      for (const resource of [
        node('n1', {}, { rack: 'r1' }),
        node('n2', { bgp: { ipv4Address: '10.0.0.2/24' } }),
        pool('default', '10.65.0.0/16', { encapsulation: { type: 'IPIP' } }),
        block('10.65.0.0/26', 'n1'),
        block('10.65.0.64/26', 'n2'),
        bgpPeer('tor', { peerIP: '10.0.0.254', asNumber: 65101, nodeSelector: "rack == 'r1'" }),
      ]) {
        await backend.create(resource);
      }
    } finally {
      await backend.close();
    }
  });

  after(async () => {
    await server?.stop();
  });

  it('prints the desired state computed from the datastore, with the fixed address as autodetected', async () => {
    const { stdout, stderr } = await run(process.execPath, [MAIN, '--dry-run'], {
      env: {
        PATH: process.env['PATH'],
        TWILL_NODENAME: 'n1',
        TWILL_DATASTORE_TYPE: 'etcd',
        TWILL_ETCD_ENDPOINTS: server?.endpoint,
        TWILL_ETCD_PREFIX: '/dry-run',
        TWILL_IP_AUTODETECTION_METHOD: '10.0.0.1/24',
      },
    });
    expect(stderr).to.contain(`syncing from etcd ${server?.endpoint}`);
    const desired = JSON.parse(stdout) as {
      identity: { ipv4: { address: string; source: string } };
      bgp: { peers: Array<{ address: string; origin: { kind: string } }> };
      originated: { blocks: string[] };
      remote: { routes: Array<{ cidr: string; encapsulation: string; nextHop: string }> };
    };
    expect(desired.identity.ipv4).to.include({ address: '10.0.0.1', source: 'autodetected' });
    expect(desired.bgp.peers.map((p) => [p.address, p.origin.kind])).to.deep.equal([
      ['10.0.0.2', 'node-to-node-mesh'],
      ['10.0.0.254', 'bgp-peer'],
    ]);
    expect(desired.originated.blocks).to.deep.equal(['10.65.0.0/26']);
    expect(desired.remote.routes).to.deep.equal([
      { cidr: '10.65.0.64/26', node: 'n2', nextHop: '10.0.0.2', encapsulation: 'ipip', pool: 'default' },
    ]);
  });

  it('refuses a bad configuration before touching the datastore, naming the key and source', async () => {
    const error = await run(process.execPath, [MAIN, '--dry-run'], {
      env: { PATH: process.env['PATH'], TWILL_NODENAME: 'n1', TWILL_DATASTORE_TYPE: 'etcd' },
    }).then(
      () => undefined,
      (failure: { code: number; stderr: string }) => failure,
    );
    expect(error?.code).to.equal(1);
    expect(error?.stderr).to.contain(
      'datastore.etcd.endpoints (default): is required when datastore.type is etcd',
    );
  });
});
