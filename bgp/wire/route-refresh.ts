/**
 * ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2): AFI (2), Message Subtype (1, was Reserved), SAFI (1).
 * Subtypes 0-2 must be exactly 23 octets (RFC 7313 §5 says so for 1 and 2; this codec negotiates no
 * ORF, so a longer subtype 0 is malformed too); other subtypes are decoded for the session to ignore.
 */
import { Writer } from '../../common/index.js';
import { HEADER_LENGTH, MessageType, ROUTE_REFRESH_LENGTH } from './constants.js';
import { notification, RouteRefreshMessageError } from './errors.js';
import { badMessageLength } from './header.js';
import { beginMessage, endMessage } from './message-writer.js';
import type { RouteRefreshMessage } from './model.js';
import { ErrorCode, RouteRefreshSubcode } from './notification-codes.js';
import { parseRouteRefresh } from './parsers.js';

export function decodeRouteRefresh(frame: Buffer): RouteRefreshMessage {
  if (frame.length < ROUTE_REFRESH_LENGTH) {
    throw badMessageLength(frame.length, `a ROUTE-REFRESH message is ${ROUTE_REFRESH_LENGTH} octets`);
  }
  const { afi, subtype, safi } = parseRouteRefresh(frame.subarray(HEADER_LENGTH, ROUTE_REFRESH_LENGTH));
  if (subtype <= 2 && frame.length !== ROUTE_REFRESH_LENGTH) {
    // RFC 7313 §5: "the Data field ... MUST contain the complete ROUTE-REFRESH message".
    throw new RouteRefreshMessageError(
      'ROUTE_REFRESH_INVALID_MESSAGE_LENGTH',
      `ROUTE-REFRESH subtype ${subtype} is ${frame.length} octets, not ${ROUTE_REFRESH_LENGTH}`,
      {
        treatment: 'session-reset',
        notification: notification(
          ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR,
          RouteRefreshSubcode.INVALID_MESSAGE_LENGTH,
          frame,
        ),
      },
    );
  }
  return { type: 'route-refresh', afi, safi, subtype };
}

export function encodeRouteRefresh(message: RouteRefreshMessage): Buffer {
  const w = new Writer(ROUTE_REFRESH_LENGTH);
  const header = beginMessage(w, MessageType.ROUTE_REFRESH);
  w.u16(message.afi).u8(message.subtype).u8(message.safi);
  return endMessage(w, header, ROUTE_REFRESH_LENGTH);
}
