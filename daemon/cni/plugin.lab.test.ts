// twill-cni invoked exactly as a runtime does (CNI_* variables, config on stdin, a real pod namespace),
// inside a namespace standing in for the node, against a real etcd. Needs root.
import { expect } from 'chai';
import { spawn } from 'node:child_process';

import { waitFor } from '../../lab/wait.js';
import { CniTestBed, UPLINK_MTU, type Attachment } from './testing/test-bed.js';
import { deleteNetns, execIn, ipIn, ipJson } from './testing/netns.js';
import type { PluginRun } from './testing/run-plugin.js';

interface Result {
  interfaces: { name: string; mac: string; sandbox?: string }[];
  ips: { address: string; gateway: string; interface: number }[];
  routes: { dst: string; gw: string }[];
}

const addressOf = (run: PluginRun): string =>
  (run.json as unknown as Result).ips[0]?.address.split('/')[0] as string;

describe('twill-cni (runtime-style invocation, real etcd, network namespaces)', function () {
  this.timeout(120_000);
  let bed: CniTestBed;
  let podA: Attachment;
  let podB: Attachment;
  let addA: PluginRun;
  let addB: PluginRun;
  const labels = { args: { cni: { labels: [{ key: 'app', value: 'web' }] } } };

  before(async () => {
    bed = await CniTestBed.start();
    podA = bed.pod('ctr-a', 'IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=web-1');
    podB = bed.pod('ctr-b');
    addA = await bed.run('ADD', podA, bed.config(labels));
    addB = await bed.run('ADD', podB, bed.config());
  });
  after(async () => {
    await bed?.close();
  });

  it('ADD returns a spec result: host and sandbox interfaces, ips pointing at the sandbox one, routes', () => {
    expect(addA.exitCode, addA.stdout + addA.stderr).to.equal(0);
    const result = addA.json as unknown as Result & { cniVersion: string };
    expect(result.cniVersion).to.equal('1.0.0');
    expect(result.interfaces).to.have.length(2);
    expect(result.interfaces[0]?.name).to.match(/^twl[0-9a-f]{12}$/);
    expect(result.interfaces[0]?.sandbox).to.equal(undefined);
    expect(result.interfaces[1]).to.include({ name: 'eth0', sandbox: podA.netns });
    expect(result.ips).to.have.length(1);
    expect(result.ips[0]?.address).to.match(/^10\.65\.\d+\.\d+\/32$/);
    expect(result.ips[0]).to.include({ gateway: '169.254.1.1', interface: 1 });
    expect(result.routes).to.deep.equal([{ dst: '0.0.0.0/0', gw: '169.254.1.1' }]);
    expect(addressOf(addB)).to.not.equal(addressOf(addA));
  });

  it('sets up the pod namespace: address, MTU of the uplink, default route via 169.254.1.1', () => {
    const [link] = ipJson<
      { mtu: number; address: string; addr_info: { local: string; prefixlen: number }[] }[]
    >(podA.netnsName, 'addr', 'show', 'dev', 'eth0');
    expect(link?.mtu).to.equal(UPLINK_MTU);
    expect(link?.address).to.equal((addA.json as unknown as Result).interfaces[1]?.mac);
    expect(link?.addr_info.filter((a) => a.prefixlen === 32).map((a) => a.local)).to.deep.equal([
      addressOf(addA),
    ]);
    expect(ipIn(podA.netnsName, 'route', 'show', 'default')).to.match(/default via 169\.254\.1\.1 dev eth0/);
    const hostVeth = (addA.json as unknown as Result).interfaces[0]?.name as string;
    expect(ipIn(bed.nodeNetns, 'route', 'show', `${addressOf(addA)}/32`)).to.include(
      `dev ${hostVeth} scope link`,
    );
    expect(execIn(bed.nodeNetns, ['cat', `/proc/sys/net/ipv4/conf/${hostVeth}/proxy_arp`]).trim()).to.equal(
      '1',
    );
    // No gateway address is spent on the host side.
    expect(
      ipJson<{ addr_info: unknown[] }[]>(bed.nodeNetns, '-4', 'addr', 'show', 'dev', hostVeth)[0]
        ?.addr_info ?? [],
    ).to.deep.equal([]);
  });

  it('registers the WorkloadEndpoint with labels, host interface and addresses', async () => {
    const endpoint = await bed.store.get('WorkloadEndpoint', 'node-1.k8s-web-1.eth0', 'demo');
    expect(endpoint.metadata.labels).to.include({ app: 'web', 'twill.dev/namespace': 'demo' });
    expect(endpoint.spec).to.include({
      node: 'node-1',
      pod: 'web-1',
      containerID: 'ctr-a',
      interfaceName: (addA.json as unknown as Result).interfaces[0]?.name,
    });
    expect(endpoint.spec.ipNetworks).to.deep.equal([`${addressOf(addA)}/32`]);
  });

  it('pods reach each other: ping, and a TCP exchange between Node processes in the two namespaces', async () => {
    const ipB = addressOf(addB);
    await waitFor(
      'ping from pod A to pod B',
      async () => {
        execIn(podA.netnsName, ['ping', '-c', '1', '-W', '1', ipB]);
        return true;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    // The gateway was resolved by proxy ARP: its MAC is the host veth's, learned (not a static entry).
    const neighbour = ipIn(podA.netnsName, 'neigh', 'show', '169.254.1.1');
    expect(neighbour).to.include((addA.json as unknown as Result).interfaces[0]?.mac);
    expect(neighbour).to.not.include('PERMANENT');

    const server = spawn('ip', [
      'netns',
      'exec',
      podB.netnsName,
      process.execPath,
      '-e',
      `
      require('node:net').createServer((s) => s.on('data', (d) => s.end('echo:' + d))).listen(7070, '${ipB}', () => console.log('ready'));
    `,
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const reply = execIn(podA.netnsName, [
        process.execPath,
        '-e',
        `
        const s = require('node:net').connect(7070, '${ipB}', () => s.write('hello'));
        let got = ''; s.on('data', (d) => (got += d)); s.on('end', () => console.log(got));
        s.on('error', (e) => { console.error(e.message); process.exit(1); });
      `,
      ]);
      expect(reply.trim()).to.equal('echo:hello');
    } finally {
      server.kill();
    }
  });

  it('CHECK passes against prevResult, and names a host route that went missing', async () => {
    const config = bed.config({ prevResult: addB.json });
    const ok = await bed.run('CHECK', podB, config);
    expect(ok.exitCode, ok.stdout).to.equal(0);
    expect(ok.stdout).to.equal('');
    ipIn(bed.nodeNetns, 'route', 'del', `${addressOf(addB)}/32`);
    const bad = await bed.run('CHECK', podB, config);
    expect(bad.exitCode).to.not.equal(0);
    expect(bad.json).to.include({ code: 101 });
    expect(bad.json?.msg).to.include(`no host route ${addressOf(addB)}/32`);
  });

  it('DEL releases the address and removes endpoint and veth; a second DEL and a DEL without namespace succeed', async () => {
    const hostVeth = (addA.json as unknown as Result).interfaces[0]?.name as string;
    const first = await bed.run('DEL', podA, bed.config({ prevResult: addA.json }));
    expect(first.exitCode, first.stdout).to.equal(0);
    expect(ipIn(bed.nodeNetns, 'link', 'show')).to.not.include(hostVeth);
    expect((await bed.store.list('WorkloadEndpoint', { namespace: 'demo' })).items).to.deep.equal([]);
    const handles = (await bed.store.list('IPAMHandle')).items.map((h) => h.spec.handleID);
    expect(handles).to.not.include('twill-cni/twill-test/ctr-a/eth0');
    const again = await bed.run('DEL', podA, bed.config());
    expect(again.exitCode, again.stdout).to.equal(0);

    // The runtime lost the namespace before DEL: the namespace (and with it the veth) is gone.
    deleteNetns(podB.netnsName);
    const gone = await bed.run('DEL', podB, bed.config());
    expect(gone.exitCode, gone.stdout).to.equal(0);
    const blocks = (await bed.store.list('IPAMBlock')).items;
    expect(blocks.flatMap((b) => b.spec.allocations.filter((a) => a !== null))).to.deep.equal([]);
  });

  it('a config mtu overrides the detected one; 0.4.0 configs get 0.4.0 results', async () => {
    const pod = bed.pod('ctr-c');
    const add = await bed.run('ADD', pod, bed.config({ mtu: 1300 }, '0.4.0'));
    expect(add.exitCode, add.stdout).to.equal(0);
    expect(add.json?.cniVersion).to.equal('0.4.0');
    // 0.4.0 results carry the IP version on each address.
    expect((add.json?.ips as { version: string }[])[0]?.version).to.equal('4');
    expect(ipJson<{ mtu: number }[]>(pod.netnsName, 'link', 'show', 'dev', 'eth0')[0]?.mtu).to.equal(1300);
    expect((await bed.run('DEL', pod, bed.config({}, '0.4.0'))).exitCode).to.equal(0);
  });

  it('GC (1.1) releases what is not in cni.dev/valid-attachments and keeps the rest', async () => {
    const keep = bed.pod('ctr-keep');
    const stale = bed.pod('ctr-stale');
    const addKeep = await bed.run('ADD', keep, bed.config({}, '1.1.0'));
    const addStale = await bed.run('ADD', stale, bed.config({}, '1.1.0'));
    expect([addKeep.exitCode, addStale.exitCode]).to.deep.equal([0, 0]);
    const gc = await bed.runBare(
      'GC',
      bed.config({ 'cni.dev/valid-attachments': [{ containerID: 'ctr-keep', ifname: 'eth0' }] }, '1.1.0'),
    );
    expect(gc.exitCode, gc.stdout).to.equal(0);
    const handles = (await bed.store.list('IPAMHandle')).items.map((h) => h.spec.handleID);
    expect(handles).to.include('twill-cni/twill-test/ctr-keep/eth0');
    expect(handles).to.not.include('twill-cni/twill-test/ctr-stale/eth0');
    const endpoints = (await bed.store.list('WorkloadEndpoint')).items.map((e) => e.spec.containerID);
    expect(endpoints).to.deep.equal(['ctr-keep']);
    expect(ipIn(stale.netnsName, 'link', 'show')).to.not.include('eth0');
    const check = await bed.run('CHECK', keep, bed.config({ prevResult: addKeep.json }, '1.1.0'));
    expect(check.exitCode, check.stdout).to.equal(0);
  });
});
