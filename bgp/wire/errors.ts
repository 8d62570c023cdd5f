/**
 * Typed errors of the codec. A decoding error is a finding about the peer's bytes: it carries the
 * RFC 7606 treatment the session must apply and the NOTIFICATION (code, subcode, data) that RFC 4271 §6
 * prescribes if the session is reset. The codec classifies; the session acts.
 */
import { TwillError } from '../../common/index.js';
import type { AfiSafi } from './family.js';

/**
 * RFC 7606 §2 error handling approaches, strongest first, plus RFC 4760 §7's AFI/SAFI disable (which
 * sits between the two strongest: it resets one family instead of the session).
 */
export type Treatment = 'session-reset' | 'afi-safi-disable' | 'treat-as-withdraw' | 'attribute-discard';

/** Strongest first: RFC 7606 §3 (h) picks the strongest approach when several errors are found. */
export const TREATMENT_ORDER: readonly Treatment[] = [
  'session-reset',
  'afi-safi-disable',
  'treat-as-withdraw',
  'attribute-discard',
];

export function strongerTreatment(a: Treatment, b: Treatment): Treatment {
  return TREATMENT_ORDER.indexOf(a) <= TREATMENT_ORDER.indexOf(b) ? a : b;
}

/** The body of the NOTIFICATION message (RFC 4271 §4.5) that reports an error. */
export interface NotificationFields {
  readonly code: number;
  readonly subcode: number;
  readonly data: Buffer;
}

/** String codes of decoding errors: one per distinct malformation, named after the RFC's wording. */
export type WireErrorCode =
  // RFC 4271 §6.1
  | 'CONNECTION_NOT_SYNCHRONIZED'
  | 'BAD_MESSAGE_LENGTH'
  | 'BAD_MESSAGE_TYPE'
  // RFC 4271 §6.2, RFC 5492, RFC 9072
  | 'UNSUPPORTED_VERSION_NUMBER'
  | 'BAD_PEER_AS'
  | 'BAD_BGP_IDENTIFIER'
  | 'UNSUPPORTED_OPTIONAL_PARAMETER'
  | 'UNACCEPTABLE_HOLD_TIME'
  | 'MALFORMED_OPTIONAL_PARAMETERS'
  | 'MALFORMED_CAPABILITY'
  // RFC 4271 §6.3 as revised by RFC 7606, RFC 4760 §7, RFC 6793 §6, RFC 8092 §6
  | 'MALFORMED_ATTRIBUTE_LIST'
  | 'UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE'
  | 'MISSING_WELL_KNOWN_ATTRIBUTE'
  | 'ATTRIBUTE_FLAGS_ERROR'
  | 'ATTRIBUTE_LENGTH_ERROR'
  | 'INVALID_ORIGIN_ATTRIBUTE'
  | 'INVALID_NEXT_HOP_ATTRIBUTE'
  | 'OPTIONAL_ATTRIBUTE_ERROR'
  | 'INVALID_NETWORK_FIELD'
  | 'MALFORMED_AS_PATH'
  | 'DUPLICATE_ATTRIBUTE'
  | 'LOCAL_PREF_FROM_EXTERNAL_PEER'
  | 'AS4_ATTRIBUTE_FROM_NEW_SPEAKER'
  | 'UNSUPPORTED_ADDRESS_FAMILY'
  // RFC 7313 §5
  | 'ROUTE_REFRESH_INVALID_MESSAGE_LENGTH'
  // Not the peer's fault: an exception inside the decoder, reported as a reset (see decode.ts).
  | 'DECODER_FAILURE';

export interface WireErrorOptions {
  readonly treatment: Treatment;
  readonly notification: NotificationFields;
  /** afi-safi-disable: the family to disable. */
  readonly afiSafi?: AfiSafi;
  /** The path attribute type code the finding is about, if any. */
  readonly attributeCode?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base of every decoding error; subclasses say which message it is about (RFC 4271 §6.1-6.3). */
export class BgpWireError extends TwillError<WireErrorCode> {
  readonly treatment: Treatment;
  readonly notification: NotificationFields;
  readonly afiSafi: AfiSafi | undefined;
  readonly attributeCode: number | undefined;

  constructor(code: WireErrorCode, message: string, options: WireErrorOptions) {
    super(code, message, options.details === undefined ? {} : { details: options.details });
    this.treatment = options.treatment;
    this.notification = options.notification;
    this.afiSafi = options.afiSafi;
    this.attributeCode = options.attributeCode;
  }
}

/** RFC 4271 §6.1: framing and header errors, always a session reset. */
export class MessageHeaderError extends BgpWireError {}
/** RFC 4271 §6.2: OPEN errors, always a session reset. */
export class OpenMessageError extends BgpWireError {}
/** RFC 4271 §6.3 and RFC 7606: UPDATE errors, with any of the four treatments. */
export class UpdateMessageError extends BgpWireError {}
/** RFC 7313 §5. */
export class RouteRefreshMessageError extends BgpWireError {}

/** Encoding errors: the model handed to an encoder cannot be put on the wire as it is. */
export type WireEncodeErrorCode = 'MESSAGE_TOO_LONG' | 'INVALID_MESSAGE';

export class WireEncodeError extends TwillError<WireEncodeErrorCode> {}

export const EMPTY_DATA: Buffer = Buffer.alloc(0);

export function notification(
  code: number,
  subcode: number,
  data: Uint8Array = EMPTY_DATA,
): NotificationFields {
  return { code, subcode, data: Buffer.from(data) };
}
