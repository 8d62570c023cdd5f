/**
 * encodeMessage(): a message model to bytes for the session to write. Encoding errors are the caller's
 * (an AS number that needs AS_TRANS, an UPDATE too long for one message, ...) and are thrown as
 * WireEncodeError.
 */
import { BytesError } from '../../common/index.js';
import type { CodecContext } from './context.js';
import { WireEncodeError } from './errors.js';
import { encodeKeepalive } from './keepalive.js';
import type { Layout } from './layout.js';
import type { BgpMessage } from './model.js';
import { encodeNotification } from './notification.js';
import { encodeOpen } from './open.js';
import { encodeRouteRefresh } from './route-refresh.js';
import { encodeUpdate } from './update-encode.js';
import { maxMessageLength } from './context.js';
import { assertNever } from '../../common/index.js';

export function encodeMessage(message: BgpMessage, ctx: CodecContext, layout?: Layout): Buffer {
  try {
    switch (message.type) {
      case 'open':
        return encodeOpen(message, layout?.kind === 'open' ? layout : undefined);
      case 'update':
        return encodeUpdate(message, ctx, layout?.kind === 'update' ? layout : undefined);
      case 'notification':
        return encodeNotification(message, maxMessageLength(ctx));
      case 'keepalive':
        return encodeKeepalive();
      case 'route-refresh':
        return encodeRouteRefresh(message);
      default:
        return assertNever(message, 'message type');
    }
  } catch (err) {
    // A value that does not fit its field (AS number, length) is the model's fault: say so in our terms.
    if (err instanceof BytesError)
      throw new WireEncodeError('INVALID_MESSAGE', `${message.type}: ${err.message}`, { cause: err });
    throw err;
  }
}
