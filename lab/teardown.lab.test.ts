// The lab always removes what it made: after `down`, after a failed `up` (bad router config,
// failing exec, a router that dies, a kind not available), on Ctrl-C of `twill-lab up`, and —
// through its state file — after the lab's own process was killed.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isTwillError } from '../common/errors.js';
import { run } from './exec.js';
import { Lab } from './lab.js';
import { readState } from './state.js';
import { expectNothingLeft, labNamespaces, uniqueLabName } from './testing/leftovers.js';
import { repoPath } from './testing/repo.js';
import { waitFor } from './wait.js';

const CLI = repoPath('dist/lab/cli.js');

/** Writes a topology (and its files) into a fresh folder; returns the topology's path. */
function writeLab(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twill-lab-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, 'lab.clab.yml');
}

const TWO_HOSTS = (extra = '') => `name: two
topology:
  nodes:
    a: { kind: linux, exec: ["ip addr add 10.9.0.1/24 dev eth1"] }
    b: { kind: linux, exec: ["ip addr add 10.9.0.2/24 dev eth1"${extra}] }
  links:
    - endpoints: ["a:eth1", "b:eth1"]
`;

async function expectUpFails(file: string, name: string, code: string, message: RegExp): Promise<void> {
  let caught: unknown;
  try {
    // Had it come up after all, it must still be removed, or the failed test leaves a lab behind.
    await (await Lab.up(file, { name, readyTimeoutMs: 20_000 })).down();
  } catch (err) {
    caught = err;
  }
  expect(isTwillError(caught, code), `expected ${code}, got ${String(caught)}`).to.equal(true);
  expect((caught as Error).message).to.match(message);
}

function startCli(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('lab: tear-down leaves nothing behind', function () {
  this.timeout(90_000);
  const dirs: string[] = [];
  const file = (files: Record<string, string>) => {
    const f = writeLab(files);
    dirs.push(path.dirname(f));
    return f;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** One router node with the given configuration; `up` must fail with `code`/`message`. */
  async function expectRouterFails(
    kind: string,
    config: string,
    code: string,
    message: RegExp,
  ): Promise<void> {
    const name = uniqueLabName(`${kind}bad`);
    const yaml = `name: x\ntopology:\n  nodes:\n    n1: { kind: ${kind}, startup-config: router.conf }\n`;
    await expectUpFails(file({ 'lab.clab.yml': yaml, 'router.conf': config }), name, code, message);
    expectNothingLeft(name, ['n1']);
  }

  it('down removes namespaces, links, processes and the run folder', async () => {
    const name = uniqueLabName('down');
    const lab = await Lab.up(file({ 'lab.clab.yml': TWO_HOSTS() }), { name });
    expect(labNamespaces(name)).to.have.length(2);
    const ping = await lab.exec('a', ['ping', '-c', '1', '-W', '2', '10.9.0.2'], { allowFailure: true });
    expect(ping.code).to.equal(0);
    const sleeper = lab.spawn('b', ['sleep', '600']);
    await lab.down();
    expectNothingLeft(name, ['a', 'b'], [sleeper.pid as number]);
    // The veth pair went with the namespaces: no interface of ours is left in the host.
    const links = await run(['ip', '-o', 'link', 'show', 'type', 'veth']);
    expect(links.stdout).not.to.match(/\beth1@/);
  });

  it('a failing exec line fails up with its field path, and tears down', async () => {
    const name = uniqueLabName('exec');
    await expectUpFails(
      file({ 'lab.clab.yml': TWO_HOSTS(', "ip route add 10.8.0.0/24 via 192.0.2.1"') }),
      name,
      'LAB_NODE_FAILED',
      /topology\.nodes\.b\.exec\[1\]: "ip route add 10\.8\.0\.0\/24 via 192\.0\.2\.1" failed \(exit 2\)/,
    );
    expectNothingLeft(name, ['a', 'b']);
  });

  it('a configuration FRR rejects fails up naming the line, and tears down', () =>
    expectRouterFails(
      'frr',
      'router bgp 65001\n neighbor 10.0.0.2 remote-as 65002\n no-such-command here\n',
      'LAB_NODE_FAILED',
      /n1: FRR rejected .*router\.conf: .*line 3/,
    ));

  it('a router that exits at start-up fails up with the end of its log, and tears down', () =>
    expectRouterFails(
      'bird',
      'router id 10.0.0.1;\nprotocol bgp { this is not bird syntax }\n',
      'LAB_NODE_FAILED',
      /n1: bird \(pid \d+\) exited during start-up; its log ends:\n.*router\.conf:2/s,
    ));

  it('an ExaBGP that rejects its configuration fails up, and tears down', () =>
    expectRouterFails(
      'exabgp',
      'neighbor 10.0.0.1 { this-is-not-a-setting; }\n',
      'LAB_NODE_FAILED',
      /n1: exabgp rejected its configuration .*router\.conf \(exabgp --validate exit 1\):\n.*this-is-not-a-setting/s,
    ));

  it('a twill node without a datastore (no etcd or typha on a management network) fails clearly, and tears down', async () => {
    const name = uniqueLabName('twill');
    await expectUpFails(
      file({
        'lab.clab.yml': `name: x\ntopology:\n  nodes:\n    n1: { kind: twill }\n    h1: { kind: linux }\n`,
      }),
      name,
      'LAB_NODE_FAILED',
      /n1: a twill node needs a datastore/,
    );
    expectNothingLeft(name, ['n1', 'h1']);
  });

  it('refuses to start a lab whose name is already running', async () => {
    const name = uniqueLabName('twice');
    const f = file({ 'lab.clab.yml': TWO_HOSTS() });
    const lab = await Lab.up(f, { name });
    try {
      await expectUpFails(f, name, 'LAB_EXISTS', /already running/);
      expect(labNamespaces(name)).to.have.length(2); // the running lab is untouched
    } finally {
      await lab.down();
    }
    expectNothingLeft(name, ['a', 'b']);
  });

  it('twill-lab up tears the lab down on Ctrl-C (SIGINT)', async () => {
    const name = uniqueLabName('sigint');
    const cli = startCli(['up', file({ 'lab.clab.yml': TWO_HOSTS() }), '--name', name]);
    await waitFor(
      'the CLI to report the lab up',
      async () => (/Ctrl-C tears it down/.test(cli.output()) ? true : undefined),
      {
        intervalMs: 200,
        timeoutMs: 60_000,
        describeLast: cli.output,
      },
    );
    expect(cli.output()).to.match(/lab two?.*: 2 nodes, 1 links|2 nodes, 1 links/);
    expect(labNamespaces(name)).to.have.length(2);
    cli.child.kill('SIGINT');
    expect(await exited(cli.child)).to.equal(0);
    expect(cli.output()).to.match(/SIGINT: tearing down lab .*\nlab removed/);
    expectNothingLeft(name, ['a', 'b']);
  });

  it('after the lab process is killed (SIGKILL), twill-lab down removes what it left, and up reclaims the name', async () => {
    const name = uniqueLabName('kill');
    const f = file({ 'lab.clab.yml': TWO_HOSTS() });
    const cli = startCli(['up', f, '--name', name]);
    await waitFor(
      'the CLI to report the lab up',
      async () => (/Ctrl-C tears it down/.test(cli.output()) ? true : undefined),
      {
        intervalMs: 200,
        timeoutMs: 60_000,
        describeLast: cli.output,
      },
    );
    cli.child.kill('SIGKILL');
    await exited(cli.child);
    // Nothing could run in the killed process: the lab is still there, recorded as stale.
    expect(labNamespaces(name)).to.have.length(2);
    expect(readState(name)?.ownerPid).to.equal(cli.child.pid);
    // A new `up` of the same name sees the owner is gone and clears the leftovers first.
    const lab = await Lab.up(f, { name });
    expect(readState(name)?.ownerPid).to.equal(process.pid);
    // And `twill-lab down NAME`, from another process, removes a lab it did not start.
    const down = await run([process.execPath, CLI, 'down', name]);
    expect(down.stdout).to.contain(`lab ${name} removed`);
    expectNothingLeft(name, ['a', 'b']);
    await lab.down(); // idempotent
  });
});
