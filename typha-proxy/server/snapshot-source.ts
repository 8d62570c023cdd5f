import { encodeSnapshotBatchBody } from '../proto/index.js';

/**
 * Yields a snapshot as frames, one batch of about `batchBytes` at a time, then `end`, then undefined.
 * Lazy, so the Outbox builds a batch only when the client's socket has room for it.
 */
export function snapshotSource(
  entries: readonly Buffer[],
  batchBytes: number,
  frame: (body: Buffer) => Buffer,
  end: Buffer,
): () => Buffer | undefined {
  let next = 0;
  let ended = false;
  return () => {
    if (next < entries.length) {
      const batch: Buffer[] = [];
      let bytes = 0;
      // At least one entry per batch, however large.
      while (
        next < entries.length &&
        (batch.length === 0 || bytes + (entries[next] as Buffer).length <= batchBytes)
      ) {
        const entry = entries[next++] as Buffer;
        batch.push(entry);
        bytes += entry.length;
      }
      return frame(encodeSnapshotBatchBody(batch));
    }
    if (ended) return undefined;
    ended = true;
    return end;
  };
}
