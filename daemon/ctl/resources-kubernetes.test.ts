// twillctl against the Kubernetes backend: the in-process stand-in API server of datastore/kubernetes,
// reached through a kubeconfig file (--kubeconfig, TWILL_KUBECONFIG or KUBECONFIG), as an operator's
// twillctl reaches a cluster.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  startStandInBackend,
  type StandInHarness,
} from '../../datastore/kubernetes/testing/stand-in-harness.js';
import { runCtl, type CtlRun } from './testing/run-ctl.js';

const RESOURCES = `apiVersion: twill.dev/v1
kind: IPPool
metadata: { name: pool-a }
spec: { cidr: 10.65.0.0/16, blockSize: 26 }
---
apiVersion: twill.dev/v1
kind: WorkloadEndpoint
metadata: { name: web, namespace: shop }
spec: { node: node-1, interfaceName: twlweb, ipNetworks: [10.65.0.1/32] }
`;

describe('twillctl resources on Kubernetes (stand-in API server)', function () {
  // Six twillctl processes, each loading @kubernetes/client-node: about 10 s idle, near a minute on a
  // loaded 2-core machine. The deadline guards against a hang, not a speed.
  this.timeout(180_000);
  let harness: StandInHarness;
  let tmp: string;
  let kubeconfig: string;
  const ctl = (args: string[], stdin?: string): Promise<CtlRun> =>
    runCtl(
      ['--datastore', 'kubernetes', '--kubeconfig', kubeconfig, ...args],
      stdin === undefined ? {} : { stdin },
    );

  before(async () => {
    harness = await startStandInBackend();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-k8s-'));
    kubeconfig = path.join(tmp, 'kubeconfig');
    writeFileSync(kubeconfig, harness.standIn.kubeconfig());
  });
  after(async () => {
    await harness?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('apply, get, patch and delete go through the API server', async () => {
    const applied = await ctl(['apply', '-f', '-'], RESOURCES);
    expect(applied.stderr).to.equal('');
    expect(applied.stdout).to.equal('IPPool/pool-a created\nWorkloadEndpoint/shop/web created\n');
    // What the API server holds, read by another client.
    expect((await harness.backend.get('IPPool', 'pool-a')).spec.cidr).to.equal('10.65.0.0/16');
    expect((await harness.backend.get('WorkloadEndpoint', 'web', 'shop')).spec.ipNetworks).to.deep.equal([
      '10.65.0.1/32',
    ]);

    const table = (await ctl(['get', 'weps', '-A'])).stdout.split('\n');
    expect(table[1]).to.match(/^shop\s+web\s+node-1\s+-\s+10\.65\.0\.1\/32\s+twlweb\s/);
    expect((await ctl(['apply', '-f', '-'], RESOURCES)).stdout).to.equal(
      'IPPool/pool-a unchanged\nWorkloadEndpoint/shop/web unchanged\n',
    );
    expect((await ctl(['patch', 'ipp', 'pool-a', '-p', '{"spec":{"disabled":true}}'])).code).to.equal(0);
    expect((await harness.backend.get('IPPool', 'pool-a')).spec.disabled).to.equal(true);

    const deleted = await ctl(['delete', 'wep', 'web', '-n', 'shop']);
    expect(deleted.stdout).to.equal('WorkloadEndpoint/shop/web deleted\n');
    expect((await harness.backend.list('WorkloadEndpoint')).items).to.deep.equal([]);
    const gone = await ctl(['get', 'wep', 'web', '-n', 'shop']);
    expect(gone.code).to.equal(1);
    expect(gone.stderr).to.include('WorkloadEndpoint "web" not found in namespace "shop"');
  });

  it('finds the cluster from TWILL_KUBECONFIG or KUBECONFIG as well', async () => {
    const sources: Record<string, string>[] = [
      { TWILL_DATASTORE_TYPE: 'kubernetes', TWILL_KUBECONFIG: kubeconfig },
      { KUBECONFIG: kubeconfig },
    ];
    for (const env of sources) {
      const run = await runCtl(['get', 'ippool', 'pool-a', '-o', 'json'], { env });
      expect(run.stderr).to.equal('');
      expect((JSON.parse(run.stdout) as { spec: { cidr: string } }).spec.cidr).to.equal('10.65.0.0/16');
    }
  });
});
