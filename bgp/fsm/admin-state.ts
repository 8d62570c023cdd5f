import type { FsmEvent } from './events.js';
import { CeaseSubcode } from './notification-codes.js';
import { encodeShutdownCommunication } from './shutdown-communication.js';

/**
 * What the operator wants for a peer, kept apart from the FSM state: an FSM in Idle may be waiting for its
 * IdleHoldTimer (enabled) or stopped on purpose (disabled), and status must tell the two apart and say why.
 * Changes reach the FSM only as the RFC 4271 §8.1.2 administrative events they produce.
 */
export type AdminState =
  { readonly status: 'Enabled' } | { readonly status: 'Disabled'; readonly reason: string };

export interface AdminChange {
  readonly admin: AdminState;
  /** Feed these to the peer's FSM, in order. */
  readonly events: readonly FsmEvent[];
}

export interface StartMode {
  /** The peer never initiates the connection (PassiveTcpEstablishment). */
  readonly passive: boolean;
}

export const ENABLED: AdminState = { status: 'Enabled' };

export function disabledAdmin(reason: string): AdminState {
  return { status: 'Disabled', reason };
}

/** Enabling a disabled peer starts its FSM; enabling an enabled one changes nothing. */
export function enablePeer(admin: AdminState, mode: StartMode): AdminChange {
  if (admin.status === 'Enabled') return { admin, events: [] };
  return { admin: ENABLED, events: [startEvent(mode)] };
}

/**
 * Disabling stops the FSM with Cease / Administrative Shutdown and the reason as Shutdown Communication
 * (RFC 4486, RFC 9003). Disabling again only updates the reason shown in status.
 */
export function disablePeer(admin: AdminState, reason: string): AdminChange {
  if (admin.status === 'Disabled') return { admin: disabledAdmin(reason), events: [] };
  return { admin: disabledAdmin(reason), events: [stopEvent(CeaseSubcode.AdministrativeShutdown, reason)] };
}

/** "clear bgp": stop with Cease / Administrative Reset, then start again. Nothing for a disabled peer. */
export function resetPeer(admin: AdminState, reason: string, mode: StartMode): AdminChange {
  if (admin.status === 'Disabled') return { admin, events: [] };
  return { admin, events: [stopEvent(CeaseSubcode.AdministrativeReset, reason), startEvent(mode)] };
}

/** The peer is removed from the configuration: Cease / Peer De-configured (RFC 4486 §4). */
export function deconfigurePeer(admin: AdminState): AdminChange {
  const removed = disabledAdmin('peer removed from the configuration');
  if (admin.status === 'Disabled') return { admin: removed, events: [] };
  return { admin: removed, events: [{ type: 'ManualStop', ceaseSubcode: CeaseSubcode.PeerDeconfigured }] };
}

function startEvent(mode: StartMode): FsmEvent {
  return mode.passive ? { type: 'ManualStart_with_PassiveTcpEstablishment' } : { type: 'ManualStart' };
}

function stopEvent(
  ceaseSubcode: typeof CeaseSubcode.AdministrativeShutdown | typeof CeaseSubcode.AdministrativeReset,
  reason: string,
): FsmEvent {
  const data = encodeShutdownCommunication(reason);
  return { type: 'ManualStop', ceaseSubcode, ...(data !== undefined ? { data } : {}) };
}
