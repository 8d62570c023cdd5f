import { startEtcd, type EtcdServer } from '../testing/etcd-server.js';
import { backendConformance } from '../testing/conformance.js';
import { EtcdBackend } from './etcd-backend.js';

describe('EtcdBackend conformance (real etcd)', function () {
  this.timeout(20_000);
  let server: EtcdServer | undefined;
  let caseNumber = 0;

  before(async () => {
    server = await startEtcd();
  });
  after(async () => {
    await server?.stop();
  });

  backendConformance(async () => {
    if (server === undefined) throw new Error('etcd did not start');
    // A key prefix per case: every case starts from an empty datastore on the one server.
    const backend = new EtcdBackend({ endpoints: [server.endpoint], keyPrefix: `/case-${++caseNumber}` });
    return {
      backend,
      compact: async () => backend.compact(await backend.currentRevision()),
      close: () => backend.close(),
    };
  });
});
