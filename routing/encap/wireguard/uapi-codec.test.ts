import { expect } from 'chai';
import { parseIpAddress, parsePrefix } from '../../../common/index.js';
import { expectTwillError } from '../../../common/testing/expect-error.js';
import {
  WGDEVICE_F_REPLACE_PEERS,
  WGPEER_F_REMOVE_ME,
  WGPEER_F_REPLACE_ALLOWEDIPS,
} from '../../netlink/index.js';
import { decodeUapiGet, encodeUapiSet, parseEndpoint, uapiErrno } from './uapi-codec.js';

const k = (byte: number) => Buffer.alloc(32, byte);

describe('WireGuard UAPI codec', () => {
  it('encodes a set request line by line, removals before peers, keys in hex', () => {
    const text = encodeUapiSet({
      privateKey: k(1),
      listenPort: 51820,
      flags: WGDEVICE_F_REPLACE_PEERS,
      peers: [
        { publicKey: k(2), flags: WGPEER_F_REMOVE_ME },
        {
          publicKey: k(3),
          flags: WGPEER_F_REPLACE_ALLOWEDIPS,
          endpoint: { address: parseIpAddress('fd00::3'), port: 51821 },
          persistentKeepaliveSec: 25,
          allowedIps: [parsePrefix('10.244.3.0/24'), parsePrefix('fd00:244:3::/64')],
        },
      ],
    });
    expect(text).to.equal(
      [
        'set=1',
        `private_key=${'01'.repeat(32)}`,
        'listen_port=51820',
        'replace_peers=true',
        `public_key=${'02'.repeat(32)}`,
        'remove=true',
        `public_key=${'03'.repeat(32)}`,
        'endpoint=[fd00::3]:51821',
        'persistent_keepalive_interval=25',
        'replace_allowed_ips=true',
        'allowed_ip=10.244.3.0/24',
        'allowed_ip=fd00:244:3::/64',
      ].join('\n') + '\n\n',
    );
  });

  it('decodes a get reply into device and peers', () => {
    const reply = [
      `private_key=${'01'.repeat(32)}`,
      'listen_port=51820',
      `public_key=${'02'.repeat(32)}`,
      `preshared_key=${'00'.repeat(32)}`,
      'protocol_version=1',
      'endpoint=192.168.2.3:51820',
      'last_handshake_time_sec=1700000000',
      'last_handshake_time_nsec=5',
      'tx_bytes=100',
      'rx_bytes=200',
      'persistent_keepalive_interval=0',
      'allowed_ip=10.244.3.0/24',
      `public_key=${'03'.repeat(32)}`,
      'allowed_ip=10.244.2.0/24',
      'errno=0',
      '',
      '',
    ].join('\n');
    const device = decodeUapiGet(reply);
    expect(device.privateKey?.equals(k(1))).to.equal(true);
    expect(device.listenPort).to.equal(51820);
    expect(device.peers).to.have.length(2);
    const [first, second] = device.peers ?? [];
    expect(first?.publicKey.equals(k(2))).to.equal(true);
    expect(first?.presharedKey).to.equal(undefined);
    expect(first?.endpoint?.address.toString()).to.equal('192.168.2.3');
    expect(first).to.deep.include({
      rxBytes: 200n,
      txBytes: 100n,
      lastHandshake: { sec: 1700000000n, nsec: 5n },
    });
    expect(first?.allowedIps?.map(String)).to.deep.equal(['10.244.3.0/24']);
    expect(second?.allowedIps?.map(String)).to.deep.equal(['10.244.2.0/24']);
    expect(uapiErrno(reply)).to.equal(0);
  });

  it('reports errno, and rejects replies it cannot parse', () => {
    expect(uapiErrno('errno=-22\n\n')).to.equal(-22);
    expectTwillError(() => uapiErrno('garbage'), 'UAPI_ERROR');
    expectTwillError(() => decodeUapiGet('public_key=zz\n'), 'UAPI_ERROR', 'hex');
    expectTwillError(() => parseEndpoint('10.0.0.1'), 'UAPI_ERROR');
    expect(parseEndpoint('[fe80::1]:7').address.toString()).to.equal('fe80::1');
  });
});
