// `twillctl diags` against a real twill-bgpd on loopback and a network namespace with a Twill route and
// an nftables table: the bundle holds what they hold, secrets are masked, and failing collectors are
// recorded in the index without stopping the bundle.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { IPv4Address, parsePrefix } from '../../common/index.js';
import { waitFor } from '../../lab/wait.js';
import type { DiagsIndex } from './diags-command.js';
import { CTL, LoopbackBgpd } from './testing/loopback-bgpd.js';

const run = promisify(execFile);
const NS = `tx-diags-${process.pid}`;
const A = '127.0.0.4';

describe('twillctl diags: a support bundle', function () {
  this.timeout(90_000);
  let bgpd: LoopbackBgpd;
  let tmp: string;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-diags-test-'));
    await run('ip', ['netns', 'add', NS]);
    const ip = (...a: string[]) => run('ip', ['-n', NS, ...a]);
    await ip('link', 'add', 'fab0', 'type', 'veth', 'peer', 'name', 'fab1');
    await ip('addr', 'add', '192.0.2.1/24', 'dev', 'fab0');
    await ip('link', 'set', 'fab0', 'up');
    await ip('link', 'set', 'fab1', 'up');
    await ip('route', 'add', '10.65.1.0/26', 'via', '192.0.2.7', 'proto', '84', 'table', '100');
    await ip('-6', 'route', 'add', 'blackhole', '2001:db8:65::/64', 'proto', '84');
    await run('ip', ['netns', 'exec', NS, 'nft', 'add', 'table', 'inet', 'twill_diags_probe']);
    bgpd = await LoopbackBgpd.start(
      65001,
      [
        {
          address: A,
          asn: 65002,
          bgpdKeys:
            'nextHopMode: keep, importPolicy: { default: accept, rules: [] }, exportPolicy: { default: accept, rules: [] }',
        },
      ],
      // A peer that never comes up, with a key the bundle must not reveal.
      ['  - { address: 127.0.0.99, asn: 65009, passive: true, tcpMd5Key: s3cr3t-md5 }'],
    );
    bgpd.speaker(A).originate(parsePrefix('10.2.0.0/24'), { nextHop: IPv4Address.parse('192.0.2.2') });
    await waitFor(
      'route received',
      async () =>
        (JSON.parse(await bgpd.ctl('bgp', 'routes', '-o', 'json').catch(() => '[]')) as unknown[]).length > 0
          ? true
          : undefined,
      { intervalMs: 300, timeoutMs: 20_000 },
    );
  });

  after(async () => {
    await run('ip', ['netns', 'del', NS]).catch(() => undefined);
    await bgpd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const diags = async (...args: string[]): Promise<string> =>
    (
      await run(
        'node',
        [
          CTL,
          'diags',
          '--socket',
          bgpd.socket,
          '--netns',
          NS,
          '--bgpd-config',
          path.join(bgpd.dir, 'bgpd.yaml'),
          ...args,
        ],
        { cwd: tmp },
      )
    ).stdout;

  it('FILE.tar.gz: sessions, RIB, kernel routes with protocol, nft ruleset, masked config, versions; failures indexed', async () => {
    const out = await diags(
      '--out',
      path.join(tmp, 'bundle.tar.gz'),
      '--log-file',
      path.join(tmp, 'missing.log'),
    );
    expect(out).to.match(/^support bundle: .*bundle\.tar\.gz \(\d+\/\d+ collectors ok\)/);
    const dir = path.join(tmp, 'x');
    await run('mkdir', ['-p', dir]);
    await run('tar', ['-xzf', path.join(tmp, 'bundle.tar.gz'), '-C', dir]);
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    const index = JSON.parse(read('index.json')) as DiagsIndex;
    const entry = (f: string) => index.collectors.find((c) => c.file === f);

    const peers = JSON.parse(read('bgp-peers.json')) as { peer: string; state: string }[];
    expect(peers.find((p) => p.peer === A)?.state).to.equal('Established');
    const summary = JSON.parse(read('bgp-rib-summary.json')) as { bestRoutes: { ipv4: number } };
    expect(summary.bestRoutes.ipv4).to.equal(1);
    expect(read('bgp-advertised-reasons.json')).to.include('"code": "learned-from-peer"');
    expect(read('kernel-routes-v4.txt')).to.match(
      /10\.65\.1\.0\/26 via 192\.0\.2\.7 dev fab0 table 100 proto 84/,
    );
    expect(read('kernel-routes-v6.txt')).to.match(/blackhole 2001:db8:65::\/64 .*proto 84/);
    expect(read('nft-ruleset.txt')).to.include('table inet twill_diags_probe');
    const config = read('config-twill-bgpd.yaml');
    expect(config).to.include('tcpMd5Key: "******"');
    expect(config).to.not.include('s3cr3t-md5');
    expect(read('versions.txt')).to.match(/^twill \d+\.\d+\.\d+\nnode v\d+/);
    expect(read('versions.txt')).to.match(/\nkernel: \d+\./);

    // Failures: recorded with the reason, the rest of the bundle is there.
    expect(entry('logs.txt')).to.include({ ok: false });
    expect(entry('logs.txt')?.error).to.include('ENOENT');
    expect(entry('node-desired.json')).to.include({ ok: false }); // twill-bgpd is not twill-node
    expect(entry('node-desired.json')?.error).to.include('unknown method');
    expect(entry('ipam.json')?.error).to.include('no datastore given');
    expect(entry('bgp-peers.json')).to.include({ ok: true });
    expect(out).to.include('not collected: logs.txt');
  });

  it('--out DIR: the files in a directory, the log file tail included', async () => {
    const log = path.join(tmp, 'node.log');
    writeFileSync(log, 'line 1\nsession 127.0.0.4 Established\n');
    const dir = path.join(tmp, 'bundle-dir');
    await diags('--out', dir, '--log-file', log);
    expect(readFileSync(path.join(dir, 'logs.txt'), 'utf8')).to.include('session 127.0.0.4 Established');
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as DiagsIndex;
    expect(index.collectors.find((c) => c.file === 'logs.txt')).to.include({ ok: true });
  });
});
