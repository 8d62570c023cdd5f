import { expect } from 'chai';

import { errorCode } from '../../common/index.js';
import { parseCniArgs } from './cni-args.js';
import { cniCodeNumber, type CniError } from './cni-error.js';
import { decodeJson, parseNetConfig } from './net-config.js';

const base = {
  cniVersion: '1.1.0',
  name: 'pods',
  type: 'twill-cni',
  datastore: { type: 'etcd', endpoints: ['http://10.0.0.1:2379'] },
};

function failure(action: () => unknown): { code: number; message: string } {
  try {
    action();
  } catch (error) {
    return { code: cniCodeNumber(errorCode(error) as CniError['code']), message: (error as Error).message };
  }
  return expect.fail('expected a CniError');
}

describe('parseNetConfig', () => {
  it('fills defaults: IPv4 only, detected MTU, 30 s deadline, no labels', () => {
    const config = parseNetConfig(base);
    expect(config.ipam).to.deep.equal({ assignIPv4: true, assignIPv6: false });
    expect(config.mtu).to.equal(undefined);
    expect(config.timeoutMs).to.equal(30_000);
    expect(config.labels).to.deep.equal({});
    expect(config.datastore).to.deep.equal({ type: 'etcd', endpoints: ['http://10.0.0.1:2379'] });
  });

  it("takes labels from args.cni.labels and runtimeConfig.labels, ignoring other plugins' keys there", () => {
    const config = parseNetConfig({
      ...base,
      args: { cni: { labels: [{ key: 'app', value: 'web' }], ips: ['10.0.0.5'] } },
      runtimeConfig: { labels: { tier: 'front' }, portMappings: [] },
    });
    expect(config.labels).to.deep.equal({ app: 'web', tier: 'front' });
  });

  it('accepts the spec keys a runtime adds (prevResult, capabilities, valid-attachments)', () => {
    const config = parseNetConfig({
      ...base,
      capabilities: { portMappings: true },
      prevResult: { cniVersion: '1.1.0', ips: [] },
      'cni.dev/valid-attachments': [{ containerID: 'c1', ifname: 'eth0' }],
    });
    expect(config.validAttachments).to.deep.equal([{ containerID: 'c1', ifname: 'eth0' }]);
    expect(config.prevResult).to.deep.equal({ cniVersion: '1.1.0', ips: [] });
  });

  it('reads a kubernetes datastore', () => {
    const config = parseNetConfig({
      ...base,
      datastore: { type: 'kubernetes', kubeconfig: '/etc/twill/kubeconfig' },
    });
    expect(config.datastore).to.deep.equal({ type: 'kubernetes', kubeconfig: '/etc/twill/kubeconfig' });
  });

  const cases: [string, Record<string, unknown>, number, RegExp][] = [
    [
      'an unsupported version (before any other check)',
      { ...base, cniVersion: '0.2.0', bogus: 1 },
      1,
      /0\.2\.0/,
    ],
    ['an unknown top-level key', { ...base, mut: 1400 }, 2, /mut=1400/],
    [
      'an unknown datastore key',
      { ...base, datastore: { ...base.datastore, tls: true } },
      2,
      /datastore\.tls=true/,
    ],
    ['an MTU out of range', { ...base, mtu: 20 }, 7, /mtu must be an integer in 68\.\.65535/],
    [
      'a bad etcd endpoint',
      { ...base, datastore: { type: 'etcd', endpoints: ['10.0.0.1'] } },
      7,
      /not an etcd URL/,
    ],
    ['an unknown datastore type', { ...base, datastore: { type: 'consul' } }, 7, /"etcd" or "kubernetes"/],
    ['no datastore', { cniVersion: '1.0.0', name: 'pods', type: 'twill-cni' }, 7, /datastore is required/],
    ['no family', { ...base, ipam: { assignIPv4: false } }, 7, /enable at least one/],
    ['a bad network name', { ...base, name: '-x' }, 7, /name must be a network name/],
    [
      'labels of the wrong shape',
      { ...base, args: { cni: { labels: { app: 'web' } } } },
      7,
      /args\.cni\.labels/,
    ],
  ];
  for (const [what, json, code, message] of cases) {
    it(`refuses ${what} with code ${code}`, () => {
      const error = failure(() => parseNetConfig(json));
      expect(error.code).to.equal(code);
      expect(error.message).to.match(message);
    });
  }

  it('refuses stdin that is not a JSON object with code 6', () => {
    expect(failure(() => decodeJson('[1]')).code).to.equal(6);
    expect(failure(() => decodeJson('{')).code).to.equal(6);
  });
});

describe('parseCniArgs', () => {
  it('splits KEY=VALUE pairs, keeping "=" inside values', () => {
    const args = parseCniArgs('IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=web-1;X=a=b');
    expect([...args]).to.deep.equal([
      ['IgnoreUnknown', '1'],
      ['K8S_POD_NAMESPACE', 'demo'],
      ['K8S_POD_NAME', 'web-1'],
      ['X', 'a=b'],
    ]);
  });

  it('refuses a pair without "=" with code 4', () => {
    expect(failure(() => parseCniArgs('A=1;B')).code).to.equal(4);
  });
});
