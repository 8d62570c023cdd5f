/**
 * decodeMessage(): one whole message (from the Framer) in, a typed result out. It never throws: a
 * malformed message comes back as `{ ok: false, error }` with the NOTIFICATION to send, or, for an UPDATE
 * that RFC 7606 lets the session keep, as `{ ok: true, report }` with the findings.
 */
import { isTwillError } from '../../common/index.js';
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH, MessageType } from './constants.js';
import { maxMessageLength, type CodecContext } from './context.js';
import { BgpWireError, MessageHeaderError, notification } from './errors.js';
import { badMessageLength, badMessageType, readHeader } from './header.js';
import { decodeKeepalive } from './keepalive.js';
import type { Layout } from './layout.js';
import type { BgpMessage, UpdateMessage } from './model.js';
import { decodeNotification } from './notification.js';
import { decodeOpen } from './open.js';
import { decodeRouteRefresh } from './route-refresh.js';
import { decodeUpdate } from './update.js';
import type { UpdateReport } from './update-report.js';

export type DecodeResult =
  | {
      readonly ok: true;
      readonly message: UpdateMessage;
      readonly report: UpdateReport;
      readonly layout: Layout;
    }
  | {
      readonly ok: true;
      readonly message: Exclude<BgpMessage, UpdateMessage>;
      readonly report?: undefined;
      readonly layout?: Layout | undefined;
    }
  | { readonly ok: false; readonly error: BgpWireError };

export function decodeMessage(frame: Uint8Array, ctx: CodecContext): DecodeResult {
  const bytes = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  let type = -1;
  try {
    if (bytes.length < HEADER_LENGTH)
      throw badMessageLength(bytes.length, `a message is at least ${HEADER_LENGTH} octets`);
    const header = readHeader(bytes, maxMessageLength(ctx));
    if (header.length !== bytes.length) {
      throw badMessageLength(
        header.length,
        `Length ${header.length} but the frame has ${bytes.length} octets`,
      );
    }
    type = header.type;
    return decodeBody(bytes, header.type, ctx);
  } catch (err) {
    if (err instanceof BgpWireError) return { ok: false, error: err };
    return { ok: false, error: decoderFailure(type, err) };
  }
}

function decodeBody(frame: Buffer, type: number, ctx: CodecContext): DecodeResult {
  switch (type) {
    case MessageType.OPEN: {
      // RFC 8654 §4: OPEN is never an extended message.
      if (frame.length > MAX_MESSAGE_LENGTH)
        throw badMessageLength(frame.length, 'an OPEN message is at most 4096 octets');
      const { message, layout } = decodeOpen(frame);
      return { ok: true, message, layout };
    }
    case MessageType.UPDATE: {
      const { message, report, layout } = decodeUpdate(frame, ctx);
      return { ok: true, message, report, layout };
    }
    case MessageType.NOTIFICATION:
      return { ok: true, message: decodeNotification(frame) };
    case MessageType.KEEPALIVE:
      return { ok: true, message: decodeKeepalive(frame) };
    case MessageType.ROUTE_REFRESH:
      return { ok: true, message: decodeRouteRefresh(frame) };
    default:
      throw badMessageType(type);
  }
}

/**
 * A bug in this decoder must not take the process down either: the peer's message is reported as a
 * session reset with the message type's Error Code and subcode 0 (Unspecific), and the original error
 * as the cause. Tests and the fuzzer treat this code as a failure of the decoder.
 */
function decoderFailure(type: number, cause: unknown): BgpWireError {
  const code = type >= MessageType.OPEN && type <= MessageType.UPDATE ? type : 1;
  const what = isTwillError(cause) ? `${cause.code}: ${cause.message}` : String(cause);
  return new MessageHeaderError('DECODER_FAILURE', `the decoder failed: ${what}`, {
    treatment: 'session-reset',
    notification: notification(code, 0),
    details: { cause },
  });
}
