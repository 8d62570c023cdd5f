// twill-cni first in a conflist with Debian's reference plugins (portmap, bandwidth, tuning): the
// runtime's chaining done by hand (CNI spec 1.1 §"Chained plugins": each plugin gets the previous one's
// result as prevResult, DEL runs in reverse order). Their effects prove they understood Twill's result:
// tuning found the sandbox interface, bandwidth the host veth, portmap the pod's address. Needs root.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { waitFor } from '../../lab/wait.js';
import { execIn, ipIn } from './testing/netns.js';
import { REFERENCE_PLUGINS, TWILL_CNI, type PluginRun } from './testing/run-plugin.js';
import { CniTestBed, type Attachment } from './testing/test-bed.js';

const HOST_PORT = 18080;

describe('twill-cni chained with portmap, bandwidth and tuning (conflist 1.0.0)', function () {
  this.timeout(120_000);
  let bed: CniTestBed;
  let pod: Attachment;

  before(async () => {
    bed = await CniTestBed.start();
    pod = bed.pod('ctr-chain');
  });
  after(async () => {
    await bed?.close();
  });

  /** The conflist's plugins with what the runtime injects (name, cniVersion, runtimeConfig). */
  function plugins(): { path: string; config: Record<string, unknown> }[] {
    const common = { cniVersion: '1.0.0', name: 'twill-test' };
    return [
      { path: TWILL_CNI, config: bed.config() },
      {
        path: join(REFERENCE_PLUGINS, 'portmap'),
        config: {
          ...common,
          type: 'portmap',
          capabilities: { portMappings: true },
          runtimeConfig: { portMappings: [{ hostPort: HOST_PORT, containerPort: 80, protocol: 'tcp' }] },
        },
      },
      {
        path: join(REFERENCE_PLUGINS, 'bandwidth'),
        config: {
          ...common,
          type: 'bandwidth',
          capabilities: { bandwidth: true },
          runtimeConfig: {
            bandwidth: {
              ingressRate: 8_000_000,
              ingressBurst: 100_000,
              egressRate: 8_000_000,
              egressBurst: 100_000,
            },
          },
        },
      },
      {
        path: join(REFERENCE_PLUGINS, 'tuning'),
        config: { ...common, type: 'tuning', sysctl: { 'net.core.somaxconn': '512' } },
      },
    ];
  }

  it('ADD runs through the chain, each plugin accepting the previous result, and DEL unwinds it', async () => {
    let prevResult: Record<string, unknown> | undefined;
    for (const plugin of plugins()) {
      const run: PluginRun = await bed.run(
        'ADD',
        pod,
        { ...plugin.config, ...(prevResult !== undefined ? { prevResult } : {}) },
        plugin.path,
      );
      expect(run.exitCode, `${plugin.path}: ${run.stdout} ${run.stderr}`).to.equal(0);
      prevResult = run.json;
    }
    const final = prevResult as { ips: { address: string }[]; interfaces: { name: string }[] };
    const address = final.ips[0]?.address.split('/')[0] as string;
    const hostVeth = final.interfaces[0]?.name as string;
    expect(address).to.match(/^10\.65\./);

    // tuning: the sysctl inside the pod's namespace.
    expect(execIn(pod.netnsName, ['sysctl', '-n', 'net.core.somaxconn']).trim()).to.equal('512');
    // bandwidth: a token bucket on the host veth it found in the result.
    expect(execIn(bed.nodeNetns, ['tc', 'qdisc', 'show', 'dev', hostVeth])).to.include('tbf');
    // portmap: node:18080 reaches the pod's port 80 (DNAT to the address from Twill's result).
    const server = spawn('ip', [
      'netns',
      'exec',
      pod.netnsName,
      process.execPath,
      '-e',
      `
      require('node:net').createServer((s) => s.end('from-pod')).listen(80, '${address}', () => console.log('ready'));
    `,
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const reply = await waitFor(
        'a reply through the port mapping',
        async () =>
          execIn(bed.nodeNetns, [
            process.execPath,
            '-e',
            `
          const s = require('node:net').connect(${HOST_PORT}, '198.18.0.1');
          let got = ''; s.on('data', (d) => (got += d)); s.on('end', () => console.log(got));
          s.on('error', (e) => { console.error(e.message); process.exit(1); });
        `,
          ]).trim(),
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      expect(reply).to.equal('from-pod');
    } finally {
      server.kill();
    }

    for (const plugin of plugins().reverse()) {
      const run = await bed.run('DEL', pod, { ...plugin.config, prevResult: final }, plugin.path);
      expect(run.exitCode, `${plugin.path}: ${run.stdout} ${run.stderr}`).to.equal(0);
    }
    expect(ipIn(bed.nodeNetns, 'link', 'show')).to.not.include(hostVeth);
    expect(execIn(bed.nodeNetns, ['iptables-save', '-t', 'nat'])).to.not.include(String(HOST_PORT));
  });
});
