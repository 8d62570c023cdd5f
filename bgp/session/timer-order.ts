/**
 * When an FSM timer's expiry reaches the FSM (bgp/fsm driver-contract.ts rule 9). Node runs due timers
 * before it polls sockets, so after the event loop was held up (a loaded machine, a long synchronous
 * step), a timer that fell due later than a socket became ready still runs first: ConnectRetryTimer
 * dropped a connection whose handshake had already completed (RFC 4271 §8.2.2 Connect state, event 9)
 * and opened another, and HoldTimer could expire with the peer's KEEPALIVE already in the receive
 * buffer. setImmediate runs after this loop iteration's poll phase, so that I/O is read first; if it
 * stopped or restarted the timer, FsmTimers drops the stale expiry.
 */
import type { ExpiryDelivery } from '../fsm/index.js';

export const afterPendingIo: ExpiryDelivery = (deliver) => {
  setImmediate(deliver);
};
