import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../common/index.js';
import { expectTwillError } from '../../common/testing/expect-error.js';
import { encapOverheadBytes, tunnelMtuBytes } from './overhead.js';
import { detectUplink, findUplink } from './uplink.js';
import { FakeLinkOps } from './testing/fake-link-ops.js';

describe('encapsulation overhead and MTU detection', () => {
  it('subtracts each encapsulation header from the uplink MTU', () => {
    expect(tunnelMtuBytes('vxlan', 1500, 4)).to.equal(1450);
    expect(tunnelMtuBytes('vxlan', 1500, 6)).to.equal(1430);
    expect(tunnelMtuBytes('ipip', 1500, 4)).to.equal(1480);
    // WireGuard always takes the IPv6 figure.
    expect(tunnelMtuBytes('wireguard', 1500, 4)).to.equal(1420);
    expect(tunnelMtuBytes('wireguard', 9000, 6)).to.equal(8920);
    expect(encapOverheadBytes('native', 4)).to.equal(0);
  });

  it('takes the interface carrying the node address as the uplink, with its subnet', () => {
    const uplink = findUplink(
      parseIpAddress('10.0.5.7'),
      [
        { index: 1, address: parseIpAddress('127.0.0.1'), prefixLength: 8 },
        { index: 3, address: parseIpAddress('10.0.5.7'), prefixLength: 22 },
        { index: 2, address: parseIpAddress('192.168.1.1'), prefixLength: 24 },
      ],
      [
        { index: 2, name: 'eth0', mtu: 1500 },
        { index: 3, name: 'bond0', mtu: 9000 },
      ],
    );
    expect(uplink).to.deep.include({ index: 3, name: 'bond0', mtuBytes: 9000 });
    expect(uplink.subnet.equals(parsePrefix('10.0.4.0/22'))).to.equal(true);
  });

  it('fails with NO_UPLINK when no interface has the node address', async () => {
    const ops = new FakeLinkOps();
    const err = await detectUplink(ops, parseIpAddress('10.9.9.9')).catch((e: unknown) => e);
    expectTwillError(
      () => {
        throw err;
      },
      'NO_UPLINK',
      '10.9.9.9',
    );
  });
});
