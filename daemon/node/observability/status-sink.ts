// The datastore edge of the status writer: get-or-create this node's TwillNodeStatus, then
// compare-and-swap updates of its status. Works on every Backend (etcd, Kubernetes, memory).
import { errorCode } from '../../../common/index.js';
import {
  TWILL_API_VERSION,
  type Backend,
  type TwillNodeStatus,
  type TwillNodeStatusStatus,
} from '../../../datastore/index.js';
import type { StatusSink } from './status-writer.js';

/** CAS losers (another writer, a deleted object) retry at once with a fresh read this many times. */
const MAX_RACE_RETRIES = 3;
const RACES = new Set(['CONFLICT', 'NOT_FOUND', 'ALREADY_EXISTS']);

export class DatastoreStatusSink implements StatusSink {
  /** The object as last read or written: its resourceVersion is the CAS precondition of the next update. */
  private current: TwillNodeStatus | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly nodeName: string,
  ) {}

  async write(status: TwillNodeStatusStatus): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.current ??= await this.read();
        this.current =
          this.current === undefined
            ? await this.backend.create(this.fresh(status))
            : await this.backend.update({ ...this.current, status });
        return;
      } catch (error) {
        // Whatever happened, the cached version can no longer be trusted: read again next time.
        this.current = undefined;
        if (!RACES.has(errorCode(error) ?? '') || attempt >= MAX_RACE_RETRIES) throw error;
      }
    }
  }

  private async read(): Promise<TwillNodeStatus | undefined> {
    try {
      return await this.backend.get('TwillNodeStatus', this.nodeName);
    } catch (error) {
      if (errorCode(error) === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  private fresh(status: TwillNodeStatusStatus): TwillNodeStatus {
    return {
      apiVersion: TWILL_API_VERSION,
      kind: 'TwillNodeStatus',
      metadata: { name: this.nodeName },
      spec: {},
      status,
    };
  }
}
