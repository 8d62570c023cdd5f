// Mocha hooks shared by the server and client suites: one real etcd and one test PKI for the suite, a
// fresh Harness (own etcd key prefix, so cases never see each other's resources) for every test.
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { Harness } from './harness.js';
import { createTestPki, type TestPki } from './test-pki.js';

export interface HarnessPerTest {
  readonly etcd: () => EtcdServer;
  readonly pki: () => TestPki;
  readonly harness: () => Harness;
}

export function harnessPerTest(prefix: string): HarnessPerTest {
  let etcd: EtcdServer | undefined;
  let pki: TestPki | undefined;
  let harness: Harness | undefined;
  let caseNumber = 0;
  before(async () => {
    [etcd, pki] = await Promise.all([startEtcd(), createTestPki()]);
  });
  after(async () => {
    await etcd?.stop();
    await pki?.remove();
  });
  beforeEach(() => {
    harness = new Harness(defined(pki), defined(etcd).endpoint, `${prefix}-${++caseNumber}`);
  });
  afterEach(async () => {
    await harness?.close();
  });
  return { etcd: () => defined(etcd), pki: () => defined(pki), harness: () => defined(harness) };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('used outside a test: the suite hooks have not run');
  return value;
}
