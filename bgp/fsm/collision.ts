import { FsmError } from './fsm-error.js';
import type { BgpState } from './states.js';

/** Which side opened a TCP connection. */
export type ConnectionInitiator = 'local' | 'remote';

export interface CollisionInput {
  /** Our BGP Identifier and the peer's (from the OPEN just received), unsigned 32-bit integers. */
  readonly localBgpIdentifier: number;
  readonly remoteBgpIdentifier: number;
  /** AS numbers, the tie-break when the identifiers are equal (RFC 6286 §2.3). */
  readonly localAs: number;
  readonly remoteAs: number;
  /** Who opened the connection on which the OPEN just arrived; the other connection was opened by the other side. */
  readonly arrivingInitiatedBy: ConnectionInitiator;
  /** The FSM state of the other connection to the same peer. */
  readonly otherState: BgpState;
  /** §8.1.1 CollisionDetectEstablishedState: also resolve against an Established connection. */
  readonly collisionDetectEstablishedState?: boolean;
}

/** DumpArriving / DumpOther: feed OpenCollisionDump to that connection's FSM. */
export type CollisionResolution = 'NoCollision' | 'DumpArriving' | 'DumpOther';

/**
 * Connection collision detection, RFC 4271 §6.8, run by the driver when a valid OPEN arrives and another
 * connection to the same peer exists. Of two connections, the one initiated by the speaker with the higher
 * BGP Identifier survives, so both speakers, each deciding alone, keep the same one.
 *
 * - Other connection in OpenConfirm: a collision; resolve it.
 * - In Established: §6.8 keeps the existing session and closes the new connection, unless
 *   CollisionDetectEstablishedState asks for the same resolution as in OpenConfirm.
 * - In OpenSent (or not connected): not yet decidable, as the peer's identifier on that connection is not
 *   known; when its OPEN arrives this one will be in OpenConfirm and the check runs then.
 */
export function resolveCollision(input: CollisionInput): CollisionResolution {
  checkIdentifier('localBgpIdentifier', input.localBgpIdentifier);
  checkIdentifier('remoteBgpIdentifier', input.remoteBgpIdentifier);
  switch (input.otherState) {
    case 'Idle':
    case 'Connect':
    case 'Active':
    case 'OpenSent':
      return 'NoCollision';
    case 'Established':
      if (input.collisionDetectEstablishedState !== true) return 'DumpArriving';
      break;
    case 'OpenConfirm':
      break;
  }
  const keep = survivingInitiator(input);
  // Identical identifiers and AS numbers: an invalid configuration the OPEN checks should have refused;
  // keep what already exists rather than risk both sides dropping both connections.
  if (keep === undefined) return 'DumpArriving';
  return keep === input.arrivingInitiatedBy ? 'DumpOther' : 'DumpArriving';
}

/** The side whose connection survives: the higher BGP Identifier, then the higher AS (RFC 6286 §2.3). */
export function survivingInitiator(
  input: Pick<CollisionInput, 'localBgpIdentifier' | 'remoteBgpIdentifier' | 'localAs' | 'remoteAs'>,
): ConnectionInitiator | undefined {
  // Identifiers compare as unsigned 32-bit integers in host byte order (RFC 6286 §2.2, RFC 4271 §6.8).
  if (input.localBgpIdentifier !== input.remoteBgpIdentifier) {
    return input.localBgpIdentifier > input.remoteBgpIdentifier ? 'local' : 'remote';
  }
  if (input.localAs !== input.remoteAs) return input.localAs > input.remoteAs ? 'local' : 'remote';
  return undefined;
}

function checkIdentifier(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new FsmError('INVALID_BGP_IDENTIFIER', `${name} must be an unsigned 32-bit integer, got ${value}`, {
      details: { [name]: value },
    });
  }
}
