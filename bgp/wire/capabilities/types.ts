/**
 * The decoded model of OPEN capabilities (RFC 5492). One variant per capability this codec knows, named
 * after its RFC; anything else is kept as `unknown` with its raw value, so nothing is lost.
 */
import { TwillError, type Reader, type Writer } from '../../../common/index.js';

/** RFC 7911 §4 Send/Receive field. */
export type AddPathDirection = 'receive' | 'send' | 'both';

export interface MultiprotocolCapability {
  readonly name: 'multiprotocol';
  readonly afi: number;
  readonly safi: number;
}
export interface RouteRefreshCapability {
  readonly name: 'route-refresh';
}
export interface EnhancedRouteRefreshCapability {
  readonly name: 'enhanced-route-refresh';
}
export interface FourOctetAsCapability {
  readonly name: 'four-octet-as';
  readonly asn: number;
}
export interface GracefulRestartFamily {
  readonly afi: number;
  readonly safi: number;
  /** RFC 4724 §3 F bit: forwarding state was preserved for this family across the restart. */
  readonly forwardingState: boolean;
}
export interface GracefulRestartCapability {
  readonly name: 'graceful-restart';
  /** RFC 4724 §3 R bit: the sender has restarted. */
  readonly restartState: boolean;
  /** RFC 8538 §2 N bit: the sender supports graceful restart for NOTIFICATION messages. */
  readonly notification: boolean;
  /** 12 bits, 0..4095 seconds. */
  readonly restartTimeSec: number;
  readonly families: readonly GracefulRestartFamily[];
}
export interface LongLivedGracefulRestartFamily {
  readonly afi: number;
  readonly safi: number;
  /** RFC 9494 §3 F bit: forwarding state preserved for this family. */
  readonly forwardingState: boolean;
  /** Long-lived Stale Time, 24 bits, seconds. */
  readonly staleTimeSec: number;
}
export interface LongLivedGracefulRestartCapability {
  readonly name: 'long-lived-graceful-restart';
  readonly families: readonly LongLivedGracefulRestartFamily[];
}
export interface ExtendedMessageCapability {
  readonly name: 'extended-message';
}
export interface AddPathCapability {
  readonly name: 'add-path';
  readonly families: readonly {
    readonly afi: number;
    readonly safi: number;
    readonly direction: AddPathDirection;
  }[];
}
export interface ExtendedNextHopCapability {
  readonly name: 'extended-next-hop';
  readonly entries: readonly { readonly afi: number; readonly safi: number; readonly nextHopAfi: number }[];
}
export interface UnknownCapability {
  readonly name: 'unknown';
  readonly code: number;
  readonly value: Buffer;
}

export type Capability =
  | MultiprotocolCapability
  | RouteRefreshCapability
  | EnhancedRouteRefreshCapability
  | FourOctetAsCapability
  | GracefulRestartCapability
  | LongLivedGracefulRestartCapability
  | ExtendedMessageCapability
  | AddPathCapability
  | ExtendedNextHopCapability
  | UnknownCapability;

export type KnownCapability = Exclude<Capability, UnknownCapability>;
export type CapabilityName = KnownCapability['name'];

/**
 * One capability's codec. `decode` reads exactly the Capability Value (the reader is bounded by the
 * Capability Length) and throws CapabilityProblem when it is malformed; `encode` writes the value only.
 */
export interface CapabilityCodec<N extends CapabilityName = CapabilityName> {
  readonly code: number;
  readonly name: N;
  decode(value: Reader): Extract<KnownCapability, { name: N }>;
  encode(capability: Extract<KnownCapability, { name: N }>, w: Writer): void;
}

/** Thrown by capability decoders; the OPEN decoder turns it into OPEN Message Error / Unspecific. */
export class CapabilityProblem extends TwillError<'MALFORMED_CAPABILITY'> {
  constructor(message: string) {
    super('MALFORMED_CAPABILITY', message);
  }
}
