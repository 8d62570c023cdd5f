// Writes core/v1 Events as kubelet's recorder does: one Event per (object, reason, message), created
// once and then replaced with a higher `count` and a new `lastTimestamp` on repeats; rate-limited per
// involved object by a token bucket (client-go's spam filter: burst 25, one token per 5 minutes).
// Unlike client-go, an occurrence that finds the bucket empty is not lost: it is counted, and the next
// write (when a token comes back) carries the true count, so `count` stays right while the API sees at
// most `burst` writes plus one per interval. Writes for one Event are serialised (repeats arriving
// during a write are folded into the next one), so a burst of repeats never makes two Events.
import { errorMessage, type Logger } from '../../../common/index.js';
import { eventKey, eventNamespace, type EventSpec, type ObjectReference } from './invalid-resource-event.js';
import { TokenBucket } from './token-bucket.js';

/** The two writes the recorder needs (kube-events.ts binds them to CoreV1Api). */
export interface EventApi {
  create(namespace: string, body: EventObject): Promise<EventObject>;
  replace(namespace: string, name: string, body: EventObject): Promise<EventObject>;
}

export interface EventObject {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string; host: string };
  reportingComponent: string;
  reportingInstance: string;
}

export interface EventRecorderOptions {
  readonly api: EventApi;
  readonly nodeName: string;
  readonly log: Logger;
  readonly burst?: number;
  readonly refillIntervalMs?: number;
  /** Distinct Events remembered (oldest forgotten first), as client-go's LRU of 4096. */
  readonly maxEvents?: number;
  /** HTTP status of a failed write (404/409 → write a fresh Event). */
  readonly statusOf: (error: unknown) => number | undefined;
  readonly now?: () => number;
}

export const REPORTING_COMPONENT = 'twill-node';

interface Tracked {
  spec: EventSpec;
  occurrences: number;
  written: number;
  firstMs: number;
  lastMs: number;
  event: EventObject | undefined;
  writing: Promise<void> | undefined;
  retry: NodeJS.Timeout | undefined;
  readonly bucket: TokenBucket;
}

export interface EventRecorderStats {
  readonly writes: number;
  readonly failures: number;
  /** Occurrences not yet written because the object's bucket was empty. */
  readonly deferred: number;
}

export class EventRecorder {
  private readonly tracked = new Map<string, Tracked>();
  private readonly burst: number;
  private readonly refillIntervalMs: number;
  private readonly maxEvents: number;
  private readonly now: () => number;
  private writes = 0;
  private failures = 0;
  private closed = false;

  constructor(private readonly options: EventRecorderOptions) {
    this.burst = options.burst ?? 25;
    this.refillIntervalMs = options.refillIntervalMs ?? 300_000;
    this.maxEvents = options.maxEvents ?? 4096;
    this.now = options.now ?? Date.now;
  }

  record(spec: EventSpec): void {
    if (this.closed) return;
    const key = eventKey(spec);
    const nowMs = this.now();
    let tracked = this.tracked.get(key);
    if (tracked === undefined) {
      tracked = {
        spec,
        occurrences: 0,
        written: 0,
        firstMs: nowMs,
        lastMs: nowMs,
        event: undefined,
        writing: undefined,
        retry: undefined,
        bucket: new TokenBucket(this.burst, this.refillIntervalMs, nowMs),
      };
      this.remember(key, tracked);
    }
    tracked.spec = spec; // the latest reference (its resourceVersion)
    tracked.occurrences++;
    tracked.lastMs = nowMs;
    this.pump(tracked);
  }

  stats(): EventRecorderStats {
    let deferred = 0;
    for (const t of this.tracked.values()) deferred += t.occurrences - t.written;
    return { writes: this.writes, failures: this.failures, deferred };
  }

  /** Resolves when no write is in flight (tests). */
  async settled(): Promise<void> {
    for (;;) {
      const writing = [...this.tracked.values()].flatMap((t) => (t.writing === undefined ? [] : [t.writing]));
      if (writing.length === 0) return;
      await Promise.all(writing);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.tracked.values()) clearTimeout(t.retry);
  }

  private remember(key: string, tracked: Tracked): void {
    this.tracked.set(key, tracked);
    if (this.tracked.size <= this.maxEvents) return;
    const oldest = this.tracked.keys().next().value as string;
    clearTimeout(this.tracked.get(oldest)?.retry);
    this.tracked.delete(oldest);
  }

  private pump(tracked: Tracked): void {
    if (this.closed || tracked.writing !== undefined || tracked.retry !== undefined) return;
    if (tracked.occurrences === tracked.written) return;
    const nowMs = this.now();
    if (!tracked.bucket.take(nowMs)) {
      tracked.retry = setTimeout(() => {
        tracked.retry = undefined;
        this.pump(tracked);
      }, tracked.bucket.waitMs(nowMs));
      tracked.retry.unref();
      return;
    }
    const count = tracked.occurrences;
    tracked.writing = this.write(tracked, count).finally(() => {
      tracked.writing = undefined;
      this.pump(tracked);
    });
  }

  private async write(tracked: Tracked, count: number): Promise<void> {
    const { api, log } = this.options;
    const body = this.body(tracked, count);
    try {
      if (tracked.event === undefined) tracked.event = await api.create(body.metadata.namespace, body);
      else {
        try {
          tracked.event = await api.replace(body.metadata.namespace, body.metadata.name, body);
        } catch (error) {
          // Gone (expired by the server's event TTL, deleted) or changed by someone else: a new Event
          // with the same count, as client-go creates one when its patch finds none.
          const status = this.options.statusOf(error);
          if (status !== 404 && status !== 409) throw error;
          tracked.event = undefined;
          const fresh = this.body(tracked, count);
          tracked.event = await api.create(fresh.metadata.namespace, fresh);
        }
      }
      tracked.written = count;
      this.writes++;
    } catch (error) {
      this.failures++;
      // Not retried at once (the API may be down): the next occurrence tries again with the full count.
      tracked.written = count;
      log.warn('writing a Kubernetes Event failed', {
        reason: tracked.spec.reason,
        object: `${tracked.spec.involvedObject.kind}/${tracked.spec.involvedObject.name}`,
        error: errorMessage(error),
      });
    }
  }

  private body(tracked: Tracked, count: number): EventObject {
    const { spec } = tracked;
    const namespace = eventNamespace(spec);
    const previous = tracked.event;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        // client-go's naming: the object's name and the creation time in hex nanoseconds.
        name: previous?.metadata.name ?? `${spec.involvedObject.name}.${uniqueSuffix(this.now())}`,
        namespace,
        ...(previous?.metadata.resourceVersion === undefined
          ? {}
          : { resourceVersion: previous.metadata.resourceVersion }),
      },
      involvedObject: spec.involvedObject,
      reason: spec.reason,
      message: spec.message,
      type: spec.type,
      count,
      firstTimestamp: rfc3339(tracked.firstMs),
      lastTimestamp: rfc3339(tracked.lastMs),
      source: { component: REPORTING_COMPONENT, host: this.options.nodeName },
      reportingComponent: REPORTING_COMPONENT,
      reportingInstance: this.options.nodeName,
    };
  }
}

let lastSuffix = 0n;
/** Hex nanoseconds, strictly increasing within this process (two Events in one millisecond). */
function uniqueSuffix(ms: number): string {
  const ns = BigInt(ms) * 1_000_000n;
  lastSuffix = ns > lastSuffix ? ns : lastSuffix + 1n;
  return lastSuffix.toString(16);
}

/** metav1.Time: RFC 3339 with one-second precision. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}
