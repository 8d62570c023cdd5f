// Is the datastore reachable? The syncer cannot tell: the etcd client keeps a broken watch quietly
// retrying, so the syncer stays `in-sync` through an outage (it has nothing new to say). The probe asks
// the backend directly, every `intervalMs` (5 s): a `get` of this node's own Node resource (one key, the same
// read on etcd and Kubernetes; any answer counts, NOT_FOUND too), given up after `timeoutMs` (3 s). The state flips
// on the first failure and on the first success after failures, and `onChange` tells the runtime.
// Nothing is withdrawn on an outage: the last data stays in force (README "Datastore outage").
import { errorMessage } from '../../../common/index.js';
import { DatastoreError, type Backend } from '../../../datastore/index.js';

/**
 * Every 5 s: an outage shows within 5–8 s, and 1000 nodes cost the datastore 200 one-key reads a second
 * (small for etcd and the API server, but not free: see README "Missing" for a cheaper signal).
 */
export const DEFAULT_PROBE_INTERVAL_MS = 5_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

export interface DatastoreConnection {
  readonly connected: boolean;
  /** Wall-clock ms of the last flip (or of the first answer). */
  readonly sinceMs?: number;
  /** Why the last probe failed, while disconnected. */
  readonly error?: string;
  /**
   * The last outage that ended, kept while connected: a status written to the same datastore can only
   * be written after the outage, so this is how the status object tells of it.
   */
  readonly lastOutage?: DatastoreOutage;
}

export interface DatastoreOutage {
  readonly fromMs: number;
  readonly toMs: number;
  readonly error?: string;
}

export interface DatastoreProbeOptions {
  readonly backend: Pick<Backend, 'get'>;
  readonly nodeName: string;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly onChange?: (connection: DatastoreConnection) => void;
  readonly now?: () => number;
}

export class DatastoreProbe {
  private state: DatastoreConnection = { connected: false };
  private answeredOnce = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: DatastoreProbeOptions) {}

  get connection(): DatastoreConnection {
    return this.state;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** One probe; resolves with the state after it. */
  async probe(): Promise<DatastoreConnection> {
    const error = await this.ask();
    const now = (this.options.now ?? Date.now)();
    const connected = error === undefined;
    if (connected !== this.state.connected || !this.answeredOnce) {
      const previous = this.state;
      const ended: DatastoreOutage | undefined =
        connected && this.answeredOnce && previous.sinceMs !== undefined
          ? {
              fromMs: previous.sinceMs,
              toMs: now,
              ...(previous.error === undefined ? {} : { error: previous.error }),
            }
          : previous.lastOutage;
      this.answeredOnce = true;
      this.state = {
        connected,
        sinceMs: now,
        ...(error === undefined ? {} : { error }),
        ...(connected && ended !== undefined ? { lastOutage: ended } : {}),
      };
      this.options.onChange?.(this.state);
    } else if (error !== undefined) {
      this.state = { ...this.state, error };
    }
    return this.state;
  }

  private async tick(): Promise<void> {
    await this.probe();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.intervalMs ?? DEFAULT_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** undefined: the datastore answered. */
  private async ask(): Promise<string | undefined> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
    });
    const answer = this.options.backend.get('Node', this.options.nodeName).then(
      () => undefined,
      // NOT_FOUND, a stored object failing validation...: the datastore answered.
      (error: unknown) =>
        error instanceof DatastoreError && error.code !== 'BACKEND_FAILURE' && error.code !== 'CLOSED'
          ? undefined
          : errorMessage(error),
    );
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
