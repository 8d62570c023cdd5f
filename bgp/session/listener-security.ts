/**
 * TCP MD5 keys and the TTL on the shared listening sockets. The kernel signs and checks an accepted
 * connection with the key the listener holds for the peer's address (or prefix, for a listen range), so
 * every configured key is set on each listener of the peer's family, now and when a listener starts.
 * With any GTSM peer the listener sends its SYN-ACKs with TTL 255 (RFC 5082 §3), else the peer's
 * minimum-TTL check would drop them, and keeps each SYN (TCP_SAVE_SYN) so the TTL it arrived with can
 * be checked against the peer's minimum before anything is read (incoming-gtsm.ts); the per-peer TTLs
 * are then set on the accepted socket (secure-socket.ts).
 */
import net from 'node:net';

import { errorMessage, type Logger } from '../../common/index.js';
import { setSaveSyn, setTcpMd5Key, setTtl } from '../../native/index.js';
import { fdOf } from './secure-socket.js';
import { MAX_TTL } from './ttl-security.js';

interface KeyEntry {
  readonly address: string;
  readonly prefixLength: number | undefined;
  readonly key: string;
}

export class ListenerSecurity {
  private readonly keys = new Map<string, KeyEntry>();
  private readonly servers: { server: net.Server; ipv6: boolean }[] = [];
  private ttlSecurity = false;

  constructor(private readonly log: Logger) {}

  /** A key for one address (or a prefix); an undefined key removes it. */
  setKey(address: string, key: string | undefined, prefixLength?: number): void {
    const id = prefixLength === undefined ? address : `${address}/${prefixLength}`;
    const old = this.keys.get(id);
    if (key === undefined) {
      if (old === undefined) return;
      this.keys.delete(id);
      for (const s of this.servers) this.apply(s, { ...old, key: '' });
      return;
    }
    const entry = { address, prefixLength, key };
    this.keys.set(id, entry);
    for (const s of this.servers) this.apply(s, entry);
  }

  enableTtlSecurity(): void {
    if (this.ttlSecurity) return;
    this.ttlSecurity = true;
    for (const s of this.servers) this.applyTtl(s.server);
  }

  attach(server: net.Server, ipv6: boolean): void {
    const s = { server, ipv6 };
    this.servers.push(s);
    for (const entry of this.keys.values()) this.apply(s, entry);
    if (this.ttlSecurity) this.applyTtl(server);
  }

  detachAll(): void {
    this.servers.length = 0;
  }

  private apply(s: { server: net.Server; ipv6: boolean }, entry: KeyEntry): void {
    // An IPv6-only listener never sees IPv4 peers and an IPv4 socket cannot hold IPv6 keys.
    if (net.isIPv6(entry.address) !== s.ipv6) return;
    try {
      setTcpMd5Key(fdOf(s.server), entry.address, entry.key, entry.prefixLength);
    } catch (err) {
      this.log.error('cannot set the TCP MD5 key on the listener', {
        peer: entry.address,
        error: errorMessage(err),
      });
    }
  }

  private applyTtl(server: net.Server): void {
    try {
      setTtl(fdOf(server), MAX_TTL);
      setSaveSyn(fdOf(server), true);
    } catch (err) {
      this.log.error('cannot set TTL 255 and TCP_SAVE_SYN on the listener', { error: errorMessage(err) });
    }
  }
}
