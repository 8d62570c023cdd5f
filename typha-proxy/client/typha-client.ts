import {
  assertNever,
  errorMessage,
  nullLogger,
  systemClock,
  type Clock,
  type Logger,
} from '../../common/index.js';
import {
  type AnyResource,
  type ResourceKind,
  type SyncerConsumer,
  type SyncStatus,
  syncKey,
} from '../../datastore/index.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  decodeResourceJson,
  decodeServerHello,
  encodeFrame,
  FEATURES,
  MESSAGE_TYPES,
  PROTOCOL_VERSIONS,
  ProtocolError,
  type Feature,
  type Message,
  type ResumePoint,
} from '../proto/index.js';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { ClientCache } from './client-cache.js';
import { ClientConnection, splitAddress, type ClientTls, type ConnectionStats } from './client-connection.js';
import { TyphaClientError } from './client-error.js';

export interface TyphaClientOptions {
  /** `host:port` of each typha; tried from a random one on, moving on after each failure. */
  readonly addresses: readonly string[];
  readonly tls: ClientTls;
  /** The same consumer a direct Syncer would get: statuses and updates with the same meaning. */
  readonly consumer: SyncerConsumer;
  /** Kinds wanted; all when absent. */
  readonly kinds?: readonly ResourceKind[];
  /** Shown in typha's logs (e.g. the node name). */
  readonly name?: string;
  /** Features to advertise; all by default (tests turn some off). */
  readonly features?: readonly Feature[];
  readonly backoff?: BackoffOptions;
  readonly pingIntervalMs?: number;
  readonly livenessTimeoutMs?: number;
  readonly maxFrameBytes?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly random?: () => number;
  /** Awaited before each connection attempt: a seam for tests that need a gap between connections. */
  readonly beforeConnect?: (address: string) => Promise<void>;
}

/**
 * The node side of typha, shaped like the datastore Syncer (start, stop, a SyncerConsumer), so the
 * node daemon can take either. Keeps its own cache: a resume applies only the missed deltas, and a
 * full re-snapshot (new typha, window gone) reaches the consumer as just its real differences.
 */
export class TyphaClient {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly cache = new ClientCache();
  private readonly kinds: ReadonlySet<ResourceKind> | undefined;
  private readonly history: ConnectionStats[] = [];
  private status: SyncStatus | undefined;
  private resume: ResumePoint | undefined;
  private epoch = '';
  private snapshot: Map<string, AnyResource> | undefined;
  private serverFilters = false;
  private current: ClientConnection | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private next: number;

  constructor(private readonly options: TyphaClientOptions) {
    if (options.addresses.length === 0) throw new TyphaClientError('NO_ADDRESSES', 'no typha addresses');
    for (const address of options.addresses) {
      const { host, port } = splitAddress(address);
      if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) {
        throw new TyphaClientError(
          'INVALID_ADDRESS',
          `typha address ${JSON.stringify(address)} is not host:port`,
          {
            details: { address },
          },
        );
      }
    }
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? nullLogger).child({ component: 'typha-client' });
    const random = options.random ?? Math.random;
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, random);
    this.kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
    this.next = Math.floor(random() * options.addresses.length);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setStatus('wait-for-datastore');
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.end('client stopping');
    this.wake?.();
    await this.loop;
  }

  /** Every connection so far, oldest first, with its byte and frame counts. */
  connections(): readonly ConnectionStats[] {
    return this.history;
  }

  /** What the consumer has been told (a copy). */
  resources(): AnyResource[] {
    return this.cache.resources();
  }

  /** Drops the current connection; the client reconnects (and resumes) as after any failure. */
  dropConnection(): void {
    this.current?.end('dropped on request');
  }

  private async run(): Promise<void> {
    let first = true;
    while (this.running) {
      if (!first) await this.sleep(this.backoff.nextDelayMs());
      first = false;
      if (!this.running) return;
      const address = this.options.addresses[this.next++ % this.options.addresses.length] as string;
      try {
        await this.options.beforeConnect?.(address);
        if (!this.running) return;
        const reason = await this.connect(address);
        this.log.info('typha connection ended', { address, reason });
      } catch (error) {
        this.log.warn('typha connection failed', { address, error: errorMessage(error) });
      }
      this.current = undefined;
      this.snapshot = undefined;
    }
  }

  private connect(address: string): Promise<string> {
    const features = this.options.features ?? FEATURES;
    const connection = new ClientConnection(
      address,
      this.options.tls,
      {
        versions: [...PROTOCOL_VERSIONS],
        features,
        ...(this.options.kinds === undefined ? {} : { kinds: this.options.kinds }),
        ...(this.resume === undefined || !features.includes('resume') ? {} : { resume: this.resume }),
        ...(this.options.name === undefined ? {} : { name: this.options.name }),
      },
      {
        clock: this.clock,
        pingIntervalMs: this.options.pingIntervalMs ?? 10_000,
        livenessTimeoutMs: this.options.livenessTimeoutMs ?? 30_000,
        maxFrameBytes: this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      },
      (message, from) => {
        try {
          this.onMessage(message, from);
        } catch (error) {
          if (!(error instanceof ProtocolError)) throw error;
          from.end(`protocol error ${error.code}: ${error.message}`);
        }
      },
    );
    this.current = connection;
    this.history.push(connection.stats);
    return connection.done;
  }

  private onMessage(message: Message, connection: ClientConnection): void {
    switch (message.type) {
      case 'HELLO': {
        const hello = decodeServerHello(message.json);
        connection.agreeDeflate(hello.features.includes('deflate'));
        connection.stats.start = hello.start;
        this.serverFilters = hello.features.includes('kinds');
        if (hello.start === 'resume' && hello.epoch !== this.resume?.epoch) {
          throw new ProtocolError('UNEXPECTED_MESSAGE', 'resume offered for an epoch we never had');
        }
        this.epoch = hello.epoch;
        if (hello.start === 'snapshot') {
          this.snapshot = new Map();
          this.resume = undefined;
          if (this.status === 'in-sync') this.setStatus('resync');
        }
        this.backoff.reset();
        this.log.info('typha connected', { address: connection.stats.address, start: hello.start });
        return;
      }
      case 'SNAPSHOT_BATCH': {
        const snapshot = this.requireSnapshot(message.type);
        for (const json of message.resources) {
          const resource = decodeResourceJson(json);
          if (this.wanted(resource)) snapshot.set(syncKey(resource), resource);
        }
        return;
      }
      case 'SNAPSHOT_END': {
        const updates = this.cache.replace(this.requireSnapshot(message.type), message.status === 'in-sync');
        this.snapshot = undefined;
        this.resume = { epoch: this.epoch, position: message.position };
        if (updates.length > 0) this.options.consumer.onUpdates(updates);
        this.setStatus(message.status);
        return;
      }
      case 'DELTA': {
        this.requireStreaming(message.type);
        const resource = decodeResourceJson(message.resource);
        const update = !this.wanted(resource)
          ? undefined
          : message.op === 'set'
            ? this.cache.set(resource)
            : this.cache.delete(resource);
        this.resume = { epoch: this.epoch, position: message.position };
        if (update !== undefined) this.options.consumer.onUpdates([update]);
        return;
      }
      case 'STATUS': {
        this.requireStreaming(message.type);
        this.resume = { epoch: this.epoch, position: message.position };
        const gone = message.status === 'in-sync' ? this.cache.settle() : [];
        if (gone.length > 0) this.options.consumer.onUpdates(gone);
        this.setStatus(message.status);
        return;
      }
      case 'PING':
        connection.send(encodeFrame(MESSAGE_TYPES.PONG, Buffer.alloc(0)));
        // Everything up to the ping's position that we want has arrived before it.
        if (
          this.snapshot === undefined &&
          this.resume !== undefined &&
          message.position > this.resume.position
        ) {
          this.resume = { epoch: this.epoch, position: message.position };
        }
        return;
      case 'PONG':
        return;
      case 'GOODBYE':
        this.log.warn('typha said goodbye', { reason: message.reason, message: message.message });
        connection.end(`goodbye: ${message.reason}`);
        return;
      default:
        assertNever(message, 'typha message');
    }
  }

  private wanted(resource: AnyResource): boolean {
    // Without the `kinds` feature the server sends every kind: filter here.
    return this.serverFilters || this.kinds === undefined || this.kinds.has(resource.kind);
  }

  private requireSnapshot(type: string): Map<string, AnyResource> {
    if (this.snapshot === undefined)
      throw new ProtocolError('UNEXPECTED_MESSAGE', `${type} outside a snapshot`);
    return this.snapshot;
  }

  private requireStreaming(type: string): void {
    if (this.snapshot !== undefined || this.resume === undefined) {
      throw new ProtocolError('UNEXPECTED_MESSAGE', `${type} before the snapshot ended`);
    }
  }

  private setStatus(status: SyncStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.consumer.onStatus(status);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.clock.clearTimeout(handle);
        resolve();
      };
    });
  }
}
