/** How the RIB packs UPDATEs for one session: its message limit and the codec's exact size. */
import type { PackOptions } from '../rib/index.js';
import {
  DEFAULT_CONTEXT,
  encodeMessage,
  encodeUpdates,
  maxMessageLength,
  type CodecContext,
  type UpdateMessage,
} from '../wire/index.js';

export interface SessionPacking extends PackOptions {
  /** The wire bytes of a packed message: those `sizeOf` already made, else encoded (and split) now. */
  bytesOf(message: UpdateMessage): Buffer[];
}

export function packOptions(ctx: CodecContext = DEFAULT_CONTEXT): SessionPacking {
  const max = maxMessageLength(ctx);
  // Packing measures each message by encoding it; keeping those bytes means sending does not encode
  // every UPDATE a second time. Weak: bytes of candidate messages the packer dropped go with them.
  const encoded = new WeakMap<UpdateMessage, Buffer>();
  return {
    maxMessageLength: max,
    sizeOf: (message) => {
      try {
        const bytes = encodeMessage(message, ctx);
        encoded.set(message, bytes);
        return bytes.length;
      } catch {
        // Too long (or not encodable): packing shrinks the message, or reports the route it cannot fit.
        return Number.POSITIVE_INFINITY;
      }
    },
    bytesOf: (message) => {
      const bytes = encoded.get(message);
      return bytes !== undefined && bytes.length <= max ? [bytes] : encodeUpdates(message, ctx);
    },
  };
}
