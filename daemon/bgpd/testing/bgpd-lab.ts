// A twill-bgpd in a lab namespace, for the interop lab tests: a scratch folder with the topology's
// twill-bgpd.yaml (its control socket moved into the folder), the lab up, the built binary started, and
// the ways the tests read it (twillctl as an operator would, or the control socket directly).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PeerStatusWithCounts, RouteJson } from '../../../bgp/speaker/index.js';
import { Lab } from '../../../lab/lab.js';
import { uniqueLabName } from '../../../lab/testing/leftovers.js';
import { repoPath } from '../../../lab/testing/repo.js';
import { request } from '../../ctl/control-client.js';

export interface BgpdLabOptions {
  /** Folder with the topology file and `twill-bgpd.yaml` (its socket path /tmp/twill-bgpd.sock). */
  readonly dir: string;
  readonly topology: string;
  /** Short tag for the lab and the scratch folder names. */
  readonly tag: string;
  /** The namespace twill-bgpd runs in (default `tw`). */
  readonly node?: string;
  /** Rewrites the configuration text before it is written (e.g. to turn an option on). */
  readonly editConfig?: (text: string) => string;
}

export class BgpdLab {
  private bgpd: ChildProcess | undefined;

  private constructor(
    readonly lab: Lab,
    readonly tmp: string,
    readonly socket: string,
    readonly configFile: string,
    private readonly options: BgpdLabOptions,
  ) {}

  /** Brings the lab up and starts twill-bgpd; on a failure what was made is removed again. */
  static async up(options: BgpdLabOptions): Promise<BgpdLab> {
    const tmp = mkdtempSync(path.join(os.tmpdir(), `twill-${options.tag}-`));
    try {
      const socket = path.join(tmp, 'bgpd.sock');
      const configFile = path.join(tmp, 'bgpd.yaml');
      const lab = await Lab.up(path.join(options.dir, options.topology), {
        name: uniqueLabName(options.tag),
      });
      const harness = new BgpdLab(lab, tmp, socket, configFile, options);
      harness.writeConfig(options.editConfig);
      harness.startBgpd();
      return harness;
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
  }

  /** The topology's configuration with this harness's socket, optionally rewritten. */
  writeConfig(edit: (text: string) => string = (t) => t): void {
    const text = readFileSync(path.join(this.options.dir, 'twill-bgpd.yaml'), 'utf8').replace(
      '/tmp/twill-bgpd.sock',
      this.socket,
    );
    writeFileSync(this.configFile, edit(text));
  }

  /** Starts the built twill-bgpd in its namespace; its stderr is appended to bgpd.log. */
  startBgpd(): ChildProcess {
    const main = repoPath('dist/daemon/bgpd/main.js');
    this.bgpd = this.lab.spawn(this.options.node ?? 'tw', [
      'sh',
      '-c',
      `exec node ${main} --config ${this.configFile} 2>>${this.tmp}/bgpd.log`,
    ]);
    return this.bgpd;
  }

  get process(): ChildProcess | undefined {
    return this.bgpd;
  }

  /** `twillctl --socket S bgp ARGS...` run in twill-bgpd's namespace; its standard output. */
  async ctl(...args: string[]): Promise<string> {
    const ctl = repoPath('dist/daemon/ctl/main.js');
    const r = await this.lab.exec(this.options.node ?? 'tw', [
      'node',
      ctl,
      '--socket',
      this.socket,
      'bgp',
      ...args,
    ]);
    return r.stdout;
  }

  /** `twillctl bgp peers -o json`. */
  async peers(): Promise<PeerStatusWithCounts[]> {
    return JSON.parse(await this.ctl('peers', '-o', 'json')) as PeerStatusWithCounts[];
  }

  async peer(address: string): Promise<PeerStatusWithCounts | undefined> {
    return (await this.peers()).find((p) => p.peer === address);
  }

  /** A route view straight from the control socket. */
  async routes(view: 'received' | 'advertised' | 'best', peer?: string): Promise<RouteJson[]> {
    return (await request(this.socket, 'bgp.routes', {
      view,
      ...(peer === undefined ? {} : { peer }),
    })) as RouteJson[];
  }

  async down(): Promise<void> {
    try {
      await this.lab.down();
    } finally {
      rmSync(this.tmp, { recursive: true, force: true });
    }
  }
}
