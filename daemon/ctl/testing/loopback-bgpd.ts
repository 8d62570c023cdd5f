// A real twill-bgpd process on loopback with in-process speakers as its peers, for twillctl tests:
// the daemon's own export path, control socket and twillctl binary, no lab needed.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ACCEPT_ALL } from '../../../bgp/policy/index.js';
import { BgpSpeaker } from '../../../bgp/speaker/index.js';
import { IPv4Address, parseIpAddress } from '../../../common/index.js';
import { repoPath } from '../../../lab/testing/repo.js';

const run = promisify(execFile);
export const BGPD = repoPath('dist/daemon/bgpd/main.js');
export const CTL = repoPath('dist/daemon/ctl/main.js');

export interface LoopbackPeer {
  readonly address: string;
  readonly asn: number;
  /** The YAML flow mapping's extra keys for this peer in twill-bgpd's config. */
  readonly bgpdKeys?: string;
}

export class LoopbackBgpd {
  readonly speakers = new Map<string, BgpSpeaker>();
  private process: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly socket: string,
  ) {}

  /** twill-bgpd (AS `localAs` on 127.0.0.5) and one speaker per peer, every session active from twill-bgpd. */
  static async start(
    localAs: number,
    peers: readonly LoopbackPeer[],
    extraYaml: readonly string[],
  ): Promise<LoopbackBgpd> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-'));
    const bgpd = new LoopbackBgpd(dir, path.join(dir, 'bgpd.sock'));
    const lines = [
      `localAs: ${localAs}`,
      'routerId: 10.0.0.1',
      'listen: [{ address: 127.0.0.5, port: 0 }]',
      `controlSocket: ${bgpd.socket}`,
      'log: { level: warn }',
      'peers:',
    ];
    for (const [i, p] of peers.entries()) {
      const speaker = new BgpSpeaker({
        localAs: p.asn,
        routerId: IPv4Address.parse(`10.0.1.${i + 1}`),
        listen: [{ address: p.address, port: 0 }],
      });
      await speaker.start();
      speaker.addPeer({
        address: parseIpAddress('127.0.0.5'),
        asn: localAs,
        passive: true,
        nextHopMode: 'keep',
        importPolicy: ACCEPT_ALL,
        exportPolicy: ACCEPT_ALL,
      });
      bgpd.speakers.set(p.address, speaker);
      lines.push(
        `  - { address: ${p.address}, asn: ${p.asn}, port: ${speaker.listenPorts()[0]}, sourceAddress: 127.0.0.5, connectRetryTimeSec: 1${p.bgpdKeys === undefined ? '' : `, ${p.bgpdKeys}`} }`,
      );
    }
    writeFileSync(path.join(dir, 'bgpd.yaml'), [...lines, ...extraYaml].join('\n'));
    bgpd.process = spawn('node', [BGPD, '--config', path.join(dir, 'bgpd.yaml')], { stdio: 'ignore' });
    return bgpd;
  }

  speaker(address: string): BgpSpeaker {
    const s = this.speakers.get(address);
    if (s === undefined) throw new Error(`no speaker ${address}`);
    return s;
  }

  /** twillctl against this daemon's socket; stdout. */
  async ctl(...args: string[]): Promise<string> {
    return (await run('node', [CTL, '--socket', this.socket, ...args], { maxBuffer: 1 << 24 })).stdout;
  }

  async stop(): Promise<void> {
    this.process?.kill('SIGTERM');
    await Promise.all([...this.speakers.values()].map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
