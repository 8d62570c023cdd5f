// Malformed invocations give CNI error objects (CNI spec 1.1 §"Error") with the well-known codes, a
// non-zero exit status, and a message that says what to fix. The plugin is exec'd as a runtime would;
// none of these cases reach the datastore or the kernel (the endpoint below does not exist).
import { expect } from 'chai';

import { runPlugin, TWILL_CNI, type PluginRun } from './testing/run-plugin.js';

const config = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  cniVersion: '1.0.0',
  name: 'twill-test',
  type: 'twill-cni',
  datastore: { type: 'etcd', endpoints: ['unix:///nonexistent/twt-cni.sock'] },
  ...extra,
});
const attachment = { containerID: 'ctr-1', ifName: 'eth0', netns: '/run/netns/none' };

async function expectError(
  run: Promise<PluginRun>,
  code: number,
  message: RegExp,
): Promise<Record<string, unknown>> {
  const result = await run;
  expect(result.exitCode, result.stdout).to.not.equal(0);
  expect(result.json, result.stdout + result.stderr).to.include({ code });
  expect(result.json?.cniVersion).to.be.a('string');
  expect(result.json?.msg).to.match(message);
  return result.json as Record<string, unknown>;
}

describe('twill-cni errors (exec, stdin, environment)', function () {
  this.timeout(30_000);

  it('VERSION lists 0.4.0, 1.0.0 and 1.1.0, answering in the requested version', async () => {
    const run = await runPlugin({ plugin: TWILL_CNI, command: 'VERSION', config: { cniVersion: '1.0.0' } });
    expect(run.exitCode).to.equal(0);
    expect(run.json).to.deep.equal({ cniVersion: '1.0.0', supportedVersions: ['0.4.0', '1.0.0', '1.1.0'] });
  });

  it('missing CNI_COMMAND → 4, naming the variable', async () => {
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: undefined, config: config() }),
      4,
      /CNI_COMMAND is not set/,
    );
  });

  it('an unknown CNI_COMMAND → 4', async () => {
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: 'ATTACH', config: config() }),
      4,
      /"ATTACH" is not a CNI command/,
    );
  });

  it('stdin that is not JSON → 6', async () => {
    await expectError(
      runPlugin({
        plugin: TWILL_CNI,
        command: 'ADD',
        config: undefined,
        stdin: '{"cniVersion": "1.0.0",',
        ...attachment,
      }),
      6,
      /not JSON/,
    );
  });

  it('an unsupported cniVersion → 1, listing the supported ones', async () => {
    const error = await expectError(
      runPlugin({
        plugin: TWILL_CNI,
        command: 'ADD',
        config: config({ cniVersion: '0.3.1' }),
        ...attachment,
      }),
      1,
      /0\.3\.1.*0\.4\.0, 1\.0\.0, 1\.1\.0/,
    );
    expect(error.cniVersion).to.equal('1.1.0');
  });

  it("ADD without CNI_NETNS → 4, in the config's version", async () => {
    const error = await expectError(
      runPlugin({
        plugin: TWILL_CNI,
        command: 'ADD',
        config: config(),
        containerID: 'ctr-1',
        ifName: 'eth0',
      }),
      4,
      /CNI_NETNS is required for ADD/,
    );
    expect(error.cniVersion).to.equal('1.0.0');
  });

  it('ADD with a CNI_NETNS that does not exist → 4', async () => {
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: 'ADD', config: config(), ...attachment }),
      4,
      /CNI_NETNS=.*cannot be opened/,
    );
  });

  it('a malformed CNI_ARGS → 4', async () => {
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: 'DEL', config: config(), ...attachment, args: 'K8S_POD_NAME' }),
      4,
      /CNI_ARGS.*KEY=VALUE/,
    );
  });

  it('an unknown field → 2 with key and value; a bad value → 7 with its path', async () => {
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: 'ADD', config: config({ mut: 1400 }), ...attachment }),
      2,
      /mut=1400/,
    );
    await expectError(
      runPlugin({ plugin: TWILL_CNI, command: 'ADD', config: config({ mtu: 'big' }), ...attachment }),
      7,
      /mtu must be an integer/,
    );
    await expectError(
      runPlugin({
        plugin: TWILL_CNI,
        command: 'ADD',
        config: config({ ipam: { type: 'host-local' } }),
        ...attachment,
      }),
      7,
      /ipam\.type "host-local"/,
    );
    await expectError(
      runPlugin({
        plugin: TWILL_CNI,
        command: 'ADD',
        config: config({ datastore: { type: 'etcd' } }),
        ...attachment,
      }),
      7,
      /datastore\.endpoints is required/,
    );
  });
});
