import type { ResourceKind } from '../../datastore/index.js';
import { encodeCompressedFrame, FRAME_HEADER_BYTES, type MessageTypeCode } from '../proto/index.js';

/**
 * One stream message, encoded once and handed as the same Buffer to every client that wants it: plain
 * for clients without `deflate`, and deflated at most once, on first demand, for those with it.
 */
export class SharedFrame {
  private deflated: Buffer | undefined;

  constructor(
    readonly type: MessageTypeCode,
    readonly position: number,
    /** The resource kind a DELTA is about, for the per-client kind filter; undefined = for everyone. */
    readonly kind: ResourceKind | undefined,
    readonly plain: Buffer,
    /** When the update reached typha (Clock ms), for the fan-out latency histogram. */
    readonly createdAtMs: number,
    private readonly compressMinBytes: number,
  ) {}

  bytes(compressed: boolean): Buffer {
    if (!compressed) return this.plain;
    this.deflated ??= encodeCompressedFrame(
      this.type,
      this.plain.subarray(FRAME_HEADER_BYTES),
      this.compressMinBytes,
    );
    return this.deflated;
  }
}
