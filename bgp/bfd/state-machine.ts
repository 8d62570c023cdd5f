/**
 * The session state machine (RFC 5880 §6.2, the transitions of §6.8.6), as a pure function of our state
 * and the state the peer reports. Timer expiry (§6.8.4) and admin actions (§6.8.16) are in session.ts.
 *
 *                              +--+
 *                              |  | UP, ADMIN DOWN, TIMER
 *                              |  V
 *                      DOWN  +------+  INIT
 *               +------------|      |------------+
 *               |            | DOWN |            |
 *               |  +-------->|      |<--------+  |
 *               |  |         +------+         |  |
 *               |  |                          |  |
 *               |  |               ADMIN DOWN,|  |
 *               |  |ADMIN DOWN,          DOWN,|  |
 *               |  |TIMER                TIMER|  |
 *               V  |                          |  V
 *             +------+                      +------+
 *        +----|      |                      |      |----+
 *    DOWN|    | INIT |--------------------->|  UP  |    |INIT, UP
 *        +--->|      | INIT, UP             |      |<---+
 *             +------+                      +------+
 */
import { assertNever } from '../../common/index.js';
import { BfdDiag, type BfdState } from './constants.js';

export interface BfdTransition {
  readonly state: BfdState;
  /** The new bfd.LocalDiag, when it changes. */
  readonly diag?: number;
}

/** Our next state on a valid packet carrying the peer's `remote` state; undefined: no change. */
export function onRemoteState(local: BfdState, remote: BfdState): BfdTransition | undefined {
  if (local === 'AdminDown') return undefined; // §6.8.6: discard the packet
  if (remote === 'AdminDown') {
    // "If received state is AdminDown: if bfd.SessionState is not Down, set bfd.LocalDiag to 3 and
    // bfd.SessionState to Down."
    return local === 'Down' ? undefined : { state: 'Down', diag: BfdDiag.NeighborSignaledSessionDown };
  }
  switch (local) {
    case 'Down':
      if (remote === 'Down') return { state: 'Init' };
      if (remote === 'Init') return { state: 'Up' };
      return undefined;
    case 'Init':
      return remote === 'Init' || remote === 'Up' ? { state: 'Up' } : undefined;
    case 'Up':
      return remote === 'Down' ? { state: 'Down', diag: BfdDiag.NeighborSignaledSessionDown } : undefined;
    default:
      return assertNever(local, 'BFD state');
  }
}
