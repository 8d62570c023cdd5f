// twill-bgpd and twillctl as processes: the daemon peers with an in-process speaker on loopback, and
// twillctl reads its control socket as a table, JSON and YAML.
import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ACCEPT_ALL } from '../../bgp/policy/index.js';
import { parse as parseYaml } from 'yaml';

import { BgpSpeaker } from '../../bgp/speaker/index.js';
import { IPv4Address, parseIpAddress, parsePrefix } from '../../common/index.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';

const run = promisify(execFile);
const BGPD = repoPath('dist/daemon/bgpd/main.js');
const CTL = repoPath('dist/daemon/ctl/main.js');
const FAST = { intervalMs: 100, timeoutMs: 10_000 };

describe('twill-bgpd and twillctl bgp', function () {
  this.timeout(20_000);
  let tmp: string;
  let socket: string;
  let bgpd: ChildProcess;
  let peer: BgpSpeaker;

  const ctl = async (...args: string[]): Promise<string> =>
    (await run('node', [CTL, '--socket', socket, ...args])).stdout;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-'));
    socket = path.join(tmp, 'bgpd.sock');
    peer = new BgpSpeaker({
      localAs: 65002,
      routerId: IPv4Address.parse('10.0.0.2'),
      listen: [{ address: '127.0.0.4', port: 0 }],
    });
    await peer.start();
    // eBGP: explicit accept-all policies on both sides (RFC 8212 would block everything otherwise).
    peer.addPeer({
      address: parseIpAddress('127.0.0.5'),
      asn: 65001,
      passive: true,
      nextHopMode: 'keep',
      importPolicy: ACCEPT_ALL,
      exportPolicy: ACCEPT_ALL,
    });
    peer.originate(parsePrefix('10.2.0.0/24'), { nextHop: IPv4Address.parse('192.0.2.2') });
    writeFileSync(
      path.join(tmp, 'bgpd.yaml'),
      [
        'localAs: 65001',
        'routerId: 10.0.0.1',
        'listen: [{ address: 127.0.0.5, port: 0 }]',
        `controlSocket: ${socket}`,
        'log: { level: warn }',
        'peers:',
        `  - { address: 127.0.0.4, asn: 65002, port: ${peer.listenPorts()[0]}, sourceAddress: 127.0.0.5, connectRetryTimeSec: 1, nextHopMode: keep, importPolicy: { default: accept, rules: [] }, exportPolicy: { default: accept, rules: [] } }`,
        'originate:',
        '  - { prefix: 10.1.0.0/24, nextHop: 192.0.2.1, med: 7, communities: ["65001:9"] }',
      ].join('\n'),
    );
    bgpd = spawn('node', [BGPD, '--config', path.join(tmp, 'bgpd.yaml')], { stdio: 'ignore' });
  });

  after(async () => {
    bgpd?.kill('SIGTERM');
    await peer?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('bgp peers: a table by default, JSON with -o json', async () => {
    await waitFor(
      'Established per twillctl',
      async () => {
        const out = await ctl('bgp', 'peers', '-o', 'json').catch(() => '[]');
        return (JSON.parse(out) as { state: string }[])[0]?.state === 'Established' ? true : undefined;
      },
      FAST,
    );
    const table = (await ctl('bgp', 'peers')).split('\n');
    expect(table[0]).to.match(
      /^PEER\s+AS\s+STATE\s+UPTIME\s+RECEIVED\s+ACCEPTED\s+ADVERTISED\s+UPDATES IN\/OUT\s+HOLD\s+TRANSPORT\s+LAST ERROR\s+GRACEFUL RESTART\s+MAX PREFIX\s+NOTES$/,
    );
    expect(table[1]).to.match(
      /^127\.0\.0\.4\s+65002\s+Established\s+\S+\s+1\s+1\s+1\s+[1-9]\d*\/[1-9]\d*\s+90s\s+ttl=1(\s|$)/,
    );
    const [json] = JSON.parse(await ctl('bgp', 'peers', '-o', 'json')) as {
      messages: { updatesReceived: number; notificationsReceived: unknown[] };
    }[];
    expect(json?.messages.updatesReceived).to.be.at.least(1);
    expect(json?.messages.notificationsReceived).to.deep.equal([]);
  });

  it('bgp routes: best, received and advertised views, filtered by peer and afi, as YAML', async () => {
    const best = parseYaml(await ctl('bgp', 'routes', '-o', 'yaml', '--afi', 'ipv4', 'best')) as unknown[];
    expect(best).to.deep.include({
      prefix: '10.2.0.0/24',
      peer: '127.0.0.4',
      origin: 'igp',
      asPath: '65002',
      nextHop: '192.0.2.2',
    });
    const advertised = JSON.parse(
      await ctl('bgp', 'routes', '-o', 'json', '--peer', '127.0.0.4', 'advertised'),
    ) as unknown[];
    // Every best route towards the peer, with why it is sent or held back (route-reasons.test.ts).
    expect(advertised).to.deep.equal([
      {
        prefix: '10.1.0.0/24',
        peer: '127.0.0.4',
        advertised: true,
        from: 'local',
        code: 'originated',
        reason: `originated here (originate[0] in ${path.join(tmp, 'bgpd.yaml')}); export policy: default accept`,
        origin: 'igp',
        asPath: '65001',
        nextHop: '192.0.2.1',
        med: 7,
        communities: ['65001:9'],
      },
      {
        prefix: '10.2.0.0/24',
        peer: '127.0.0.4',
        advertised: false,
        from: '127.0.0.4',
        code: 'learned-from-peer',
        reason: 'learned from 127.0.0.4 (eBGP AS65002): not sent back to the peer it came from',
        origin: 'igp',
        asPath: '65002',
        nextHop: '192.0.2.2',
      },
    ]);
    const v6 = JSON.parse(await ctl('bgp', 'routes', '-o', 'json', '--afi', 'ipv6', 'received')) as unknown[];
    expect(v6).to.deep.equal([]);
    const table = await ctl('bgp', 'routes', 'received');
    expect(table).to.match(/^PREFIX\s+PEER\s+NEXT HOP\s+AS PATH/);
    expect(table).to.match(/\n10\.2\.0\.0\/24\s+127\.0\.0\.4\s+192\.0\.2\.2\s+65002/);
  });

  it('exits 2 with usage on a bad view, 1 when the socket is not there', async () => {
    const bad = await run('node', [CTL, '--socket', socket, 'bgp', 'routes', 'sideways']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).to.include({ code: 2 });
    const none = await run('node', [CTL, '--socket', path.join(tmp, 'nope.sock'), 'bgp', 'peers']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(none).to.include({ code: 1 });
    expect((none as { stderr: string }).stderr).to.match(/cannot reach twill-bgpd/);
  });

  it('twill-bgpd refuses an invalid config, naming the field', async () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(
      file,
      'localAs: 65001\nrouterId: 10.0.0.1\ncontrolSocket: /tmp/x\npeers: [{ address: 10.0.0.2, asn: -1 }]\n',
    );
    const result = await run('node', [BGPD, '--config', file]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(result).to.include({ code: 1 });
    expect((result as { stderr: string }).stderr).to.include(
      'peers[0].asn: must be an integer 1..4294967295, got -1',
    );
  });
});
