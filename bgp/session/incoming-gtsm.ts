/**
 * GTSM for connections the peer opens to us (RFC 5082 §3). IP_MINTTL / IPV6_MINHOPCOUNT can only be set
 * on the accepted socket, after the handshake: segments that arrived before (the peer's OPEN may already
 * sit in the receive queue) were never checked. So the listeners keep each SYN (TCP_SAVE_SYN,
 * listener-security.ts) and the TTL / Hop Limit the SYN arrived with decides, before anything is read:
 * too low, or not known, and the connection is closed at once without a word (§3: a packet that fails
 * the check is dropped, nothing is sent back); else the accepted socket gets the minimum TTL as before.
 */
import type net from 'node:net';

import { errorMessage, type Logger } from '../../common/index.js';
import { savedSynTtl } from '../../native/index.js';
import { fdOf } from './secure-socket.js';

export type GtsmVerdict = { readonly accept: true } | { readonly accept: false; readonly reason: string };

/** Pure: the verdict on a SYN that arrived with `synTtl` (undefined: the kernel kept no SYN). */
export function gtsmVerdict(synTtl: number | undefined, minTtl: number): GtsmVerdict {
  if (synTtl === undefined)
    return {
      accept: false,
      reason: `refused an incoming connection whose SYN TTL could not be read (GTSM allows ≥ ${minTtl})`,
    };
  if (synTtl >= minTtl) return { accept: true };
  return {
    accept: false,
    reason: `refused an incoming connection with TTL ${synTtl} (GTSM allows ≥ ${minTtl})`,
  };
}

/** Per peer: checks accepted connections and remembers the refusals for the peer's status. */
export class IncomingGtsm {
  refusedConnections = 0;
  lastRefusal: string | undefined;

  constructor(private readonly log: Logger) {}

  /**
   * Called synchronously from the listener's 'connection' event, so libuv has not read from the socket
   * yet (and a refused socket is destroyed: whatever Node might hold is discarded unread). Returns
   * whether the connection may go on to the FSM.
   */
  admit(socket: net.Socket, minTtl: number | undefined): boolean {
    if (minTtl === undefined) return true;
    let synTtl: number | undefined;
    try {
      synTtl = savedSynTtl(fdOf(socket));
    } catch (err) {
      this.log.warn('cannot read the saved SYN of an accepted connection', { error: errorMessage(err) });
    }
    const verdict = gtsmVerdict(synTtl, minTtl);
    if (verdict.accept) return true;
    this.refusedConnections += 1;
    this.lastRefusal = verdict.reason;
    this.log.warn('GTSM: incoming connection refused', {
      synTtl,
      minTtl,
      refusedConnections: this.refusedConnections,
    });
    socket.destroy();
    return false;
  }
}
