/**
 * BFD numbers: RFC 5880 §4.1 (version, states, diagnostics, authentication types), RFC 5881 §4–§5
 * (single-hop ports, TTL) and RFC 5883 §5 (multihop port).
 */
import { assertNever } from '../../common/index.js';

export const BFD_VERSION = 1;
/** RFC 5881 §4: single-hop Control packets go to this UDP port. */
export const BFD_SINGLE_HOP_PORT = 3784;
/** RFC 5883 §5: multihop Control packets go to this UDP port. */
export const BFD_MULTIHOP_PORT = 4784;
/** RFC 5881 §4: the source port range of Control packets. */
export const BFD_SOURCE_PORT_MIN = 49152;
export const BFD_SOURCE_PORT_MAX = 65535;
/** RFC 5881 §5 (GTSM, RFC 5082): single-hop packets are sent with TTL 255 and must arrive with 255. */
export const BFD_SINGLE_HOP_TTL = 255;
/** RFC 5880 §6.8.3: while not Up, DesiredMinTxInterval is at least one second. */
export const BFD_SLOW_TX_US = 1_000_000;
/** The mandatory section is 24 bytes (§4.1). */
export const BFD_HEADER_LENGTH = 24;

/** RFC 5880 §4.1 "Sta" and §6.8.1 bfd.SessionState. */
export type BfdState = 'AdminDown' | 'Down' | 'Init' | 'Up';
export const BFD_STATES: readonly BfdState[] = ['AdminDown', 'Down', 'Init', 'Up'];

export function stateCode(state: BfdState): number {
  switch (state) {
    case 'AdminDown':
      return 0;
    case 'Down':
      return 1;
    case 'Init':
      return 2;
    case 'Up':
      return 3;
    default:
      return assertNever(state, 'BFD state');
  }
}

export function stateFromCode(code: number): BfdState {
  return BFD_STATES[code & 3] as BfdState;
}

/** RFC 5880 §4.1 "Diag": why the session last left Up (or why it is down). */
export const BfdDiag = {
  None: 0,
  ControlDetectionTimeExpired: 1,
  EchoFunctionFailed: 2,
  NeighborSignaledSessionDown: 3,
  ForwardingPlaneReset: 4,
  PathDown: 5,
  ConcatenatedPathDown: 6,
  AdministrativelyDown: 7,
  ReverseConcatenatedPathDown: 8,
} as const;
export type BfdDiagCode = number;

const DIAG_NAMES: readonly string[] = [
  'No Diagnostic',
  'Control Detection Time Expired',
  'Echo Function Failed',
  'Neighbor Signaled Session Down',
  'Forwarding Plane Reset',
  'Path Down',
  'Concatenated Path Down',
  'Administratively Down',
  'Reverse Concatenated Path Down',
];

export function describeDiag(diag: number): string {
  return DIAG_NAMES[diag] ?? `Reserved diagnostic ${diag}`;
}
