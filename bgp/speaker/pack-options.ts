/** How the RIB packs UPDATEs for one session: its message limit and the codec's exact size. */
import type { PackOptions } from '../rib/index.js';
import { DEFAULT_CONTEXT, encodeMessage, maxMessageLength, type CodecContext } from '../wire/index.js';

export function packOptions(ctx: CodecContext = DEFAULT_CONTEXT): PackOptions {
  return {
    maxMessageLength: maxMessageLength(ctx),
    sizeOf: (message) => {
      try {
        return encodeMessage(message, ctx).length;
      } catch {
        // Too long (or not encodable): packing shrinks the message, or reports the route it cannot fit.
        return Number.POSITIVE_INFINITY;
      }
    },
  };
}
