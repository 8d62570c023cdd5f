// twill-cni with the Kubernetes datastore, over the stand-in API server (datastore/kubernetes/stand-in):
// ADD reads the Pod that CNI_ARGS names for its labels and registers the WorkloadEndpoint as a custom
// object; DEL removes it and releases the address. The plugin runs inside a node namespace and reaches
// the stand-in through a socket relay (the same way the etcd lab tests reach etcd). Needs root.
import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ipPool } from '../../datastore/testing/fixtures.js';
import {
  startStandInBackend,
  type StandInHarness,
} from '../../datastore/kubernetes/testing/stand-in-harness.js';
import { startEtcdRelay, type EtcdRelay } from './testing/etcd-relay.js';
import { createNetns, createNodeNetns, deleteNetns, ipJson, netnsPath } from './testing/netns.js';
import { openNetnsPort, type NetnsPort } from './testing/netns-port.js';
import { runPlugin, TWILL_CNI, type PluginRun } from './testing/run-plugin.js';
import { UPLINK_MTU } from './testing/test-bed.js';

describe('twill-cni with the Kubernetes datastore (stand-in API server, network namespaces)', function () {
  this.timeout(120_000);
  let harness: StandInHarness | undefined;
  let relay: EtcdRelay | undefined;
  let port: NetnsPort | undefined;
  const namespaces: string[] = [];
  const kubeconfigPath = join(tmpdir(), `twt-cni-${process.pid}-kubeconfig`);
  let nodeNetns = '';

  const config = {
    cniVersion: '1.1.0',
    name: 'twill-k8s',
    type: 'twill-cni',
    nodeName: 'node-1',
    datastore: { type: 'kubernetes', kubeconfig: kubeconfigPath },
  };
  const run = (command: string, containerID: string, netns: string, args: string): Promise<PluginRun> =>
    runPlugin({ plugin: TWILL_CNI, command, config, nodeNetns, containerID, ifName: 'eth0', netns, args });
  const podNetns = (): string => {
    const name = createNetns();
    namespaces.push(name);
    return name;
  };

  before(async () => {
    harness = await startStandInBackend();
    await harness.backend.create(ipPool('pods', '10.67.0.0/16'));
    harness.standIn.pods.put({
      metadata: { namespace: 'demo', name: 'web-1', labels: { app: 'web', tier: 'front' } },
      spec: { nodeName: 'node-1' },
    });
    relay = await startEtcdRelay(harness.standIn.address, join(tmpdir(), `twt-cni-${process.pid}-k8s.sock`));
    nodeNetns = createNodeNetns(UPLINK_MTU);
    namespaces.push(nodeNetns);
    port = await openNetnsPort(nodeNetns, new URL(relay.endpoint).pathname);
    // The stand-in's own kubeconfig, pointed at the port inside the node namespace.
    writeFileSync(kubeconfigPath, harness.standIn.kubeconfig().replace(harness.standIn.address, port.url));
  });
  after(async () => {
    await port?.close();
    for (const ns of namespaces.splice(0)) deleteNetns(ns);
    await relay?.close();
    await harness?.close();
    rmSync(kubeconfigPath, { force: true });
  });

  it("ADD registers the WorkloadEndpoint with the Pod's labels from the API; DEL removes it and releases the IP", async () => {
    const backend = (harness as StandInHarness).backend;
    const netns = podNetns();
    const args = 'IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=web-1;K8S_POD_UID=u-1';
    const add = await run('ADD', 'ctr-k8s-1', netnsPath(netns), args);
    expect(add.exitCode, add.stdout + add.stderr).to.equal(0);
    const address = (add.json as { ips: { address: string }[] }).ips[0]?.address as string;
    expect(address).to.match(/^10\.67\.\d+\.\d+\/32$/);
    expect(
      ipJson<{ addr_info: { local: string; prefixlen: number }[] }[]>(netns, 'addr', 'show', 'dev', 'eth0')[0]
        ?.addr_info.filter((a) => a.prefixlen === 32)
        .map((a) => `${a.local}/32`),
    ).to.deep.equal([address]);
    // The labels came from the API: the plugin asked for exactly this Pod.
    expect(
      harness?.standIn.requests
        .filter((r) => r.method === 'GET' && r.path.includes('/pods/'))
        .map((r) => r.path),
    ).to.deep.equal(['/api/v1/namespaces/demo/pods/web-1']);
    const endpoint = await backend.get('WorkloadEndpoint', 'node-1.k8s-web-1.eth0', 'demo');
    expect(endpoint.metadata.labels).to.deep.equal({
      app: 'web',
      tier: 'front',
      'twill.dev/namespace': 'demo',
      'twill.dev/orchestrator': 'k8s',
    });
    expect(endpoint.spec).to.include({
      node: 'node-1',
      pod: 'web-1',
      containerID: 'ctr-k8s-1',
      endpoint: 'eth0',
    });
    expect(endpoint.spec.ipNetworks).to.deep.equal([address]);
    expect((await backend.list('IPAMHandle')).items).to.have.length(1);

    const del = await run('DEL', 'ctr-k8s-1', netnsPath(netns), args);
    expect(del.exitCode, del.stdout + del.stderr).to.equal(0);
    expect((await backend.list('WorkloadEndpoint', { namespace: 'demo' })).items).to.deep.equal([]);
    expect((await backend.list('IPAMHandle')).items).to.deep.equal([]);
    const again = await run('DEL', 'ctr-k8s-1', netnsPath(netns), args);
    expect(again.exitCode, 'second DEL').to.equal(0);
  });

  it('ADD for a Pod the API does not have fails with "try again later" and leaves nothing behind', async () => {
    const backend = (harness as StandInHarness).backend;
    const netns = podNetns();
    const add = await run('ADD', 'ctr-k8s-2', netnsPath(netns), 'K8S_POD_NAMESPACE=demo;K8S_POD_NAME=gone');
    expect(add.exitCode).to.equal(1);
    const error = add.json as { code: number; msg: string };
    expect(error.code).to.equal(11);
    expect(error.msg).to.include('demo/gone');
    expect((await backend.list('WorkloadEndpoint')).items).to.deep.equal([]);
    expect((await backend.list('IPAMHandle')).items).to.deep.equal([]);
    expect(ipJson<{ ifname: string }[]>(netns, 'link', 'show').map((l) => l.ifname)).to.deep.equal(['lo']);
  });
});
