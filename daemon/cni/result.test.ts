import { expect } from 'chai';

import { dnsName, handleID, hostVethName, parseHandleID, workloadIdentity } from './names.js';
import { decodeResult, encodeResult, type CniResult } from './result.js';

const result: CniResult = {
  interfaces: [
    { name: 'twl0123456789ab', mac: '02:00:00:00:00:01', mtu: 1400 },
    { name: 'eth0', mac: '02:00:00:00:00:02', sandbox: '/run/netns/p', mtu: 1400 },
  ],
  ips: [
    { address: '10.65.0.3/32', gateway: '169.254.1.1', interface: 1 },
    { address: 'fd00::3/128', gateway: 'fe80::1', interface: 1 },
  ],
  routes: [{ dst: '0.0.0.0/0', gw: '169.254.1.1' }],
  dns: {},
};

describe('encodeResult / decodeResult', () => {
  it('1.1.0 keeps interface MTUs; 1.0.0 drops them (added in 1.1)', () => {
    expect((encodeResult(result, '1.1.0').interfaces as { mtu?: number }[])[1]?.mtu).to.equal(1400);
    expect((encodeResult(result, '1.0.0').interfaces as { mtu?: number }[])[1]?.mtu).to.equal(undefined);
  });

  it('0.4.0 adds "version" to each ip', () => {
    const ips = encodeResult(result, '0.4.0').ips as { version: string }[];
    expect(ips.map((ip) => ip.version)).to.deep.equal(['4', '6']);
    expect((encodeResult(result, '1.0.0').ips as { version?: string }[])[0]?.version).to.equal(undefined);
  });

  it('decodes what it encodes (prevResult round trip)', () => {
    expect(decodeResult(JSON.parse(JSON.stringify(encodeResult(result, '1.1.0'))))).to.deep.equal(result);
  });
});

describe('names', () => {
  it('host veth names fit IFNAMSIZ and differ per attachment', () => {
    const a = hostVethName('ctr', 'eth0');
    expect(a).to.match(/^twl[0-9a-f]{12}$/);
    expect(hostVethName('ctr', 'eth1')).to.not.equal(a);
    expect(hostVethName('ctr', 'eth0')).to.equal(a);
  });

  it('handle IDs split back into container ID and interface for their network only', () => {
    const id = handleID('pods', 'abc.def_1', 'eth0');
    expect(parseHandleID('pods', id)).to.deep.equal({ containerID: 'abc.def_1', ifName: 'eth0' });
    expect(parseHandleID('other', id)).to.equal(undefined);
  });

  it('endpoint names are DNS subdomains; cleaned names carry a hash so they cannot collide', () => {
    expect(dnsName('node-1.k8s-web.eth0')).to.equal('node-1.k8s-web.eth0');
    const upper = dnsName('node-1.k8s-Web.eth0');
    expect(upper).to.match(/^[a-z0-9.-]+$/);
    expect(upper).to.not.equal(dnsName('node-1.k8s-web.eth0'));
    const identity = workloadIdentity(
      'node-1',
      'c1',
      'eth0',
      new Map([
        ['K8S_POD_NAMESPACE', 'Demo_NS'],
        ['K8S_POD_NAME', 'w'],
      ]),
    );
    expect(identity.namespace).to.match(/^[a-z0-9-]{1,63}$/);
    expect(identity.orchestrator).to.equal('k8s');
  });
});
