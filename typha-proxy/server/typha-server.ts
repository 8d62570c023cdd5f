import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';

import { errorMessage, nullLogger, systemClock, type Clock, type Logger } from '../../common/index.js';
import { SYNCED_KINDS, Syncer } from '../../datastore/index.js';
import {
  BULK_DEFLATE_LEVEL,
  encodeCompressedFrame,
  encodeFrame,
  encodeGoodbyeBody,
  MESSAGE_TYPES,
} from '../proto/index.js';
import { ClientSession, type SessionHost, type SessionLimits } from './client-session.js';
import type { DisconnectReason } from './disconnect-reason.js';
import { startHttpEndpoint } from './http-endpoint.js';
import { isAllowedPeer, peerIdentity } from './peer-identity.js';
import { ServerMetrics } from './server-metrics.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_MAX_CLIENTS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_SNAPSHOT_SHARING,
  DEFAULT_WINDOW,
  type TyphaServerOptions,
} from './server-options.js';
import { SnapshotSharing } from './shared-snapshot.js';
import { SnapshotCache } from './snapshot-cache.js';

/**
 * twill-typha: one upstream Syncer on the datastore Backend, one SnapshotCache, many TLS clients.
 * Clients are authenticated by certificate (CA + allowed CN / URI SAN), limited in number (the excess
 * is told to go elsewhere), and each one's slowness is its own problem (see Outbox).
 */
export class TyphaServer implements SessionHost {
  readonly cache: SnapshotCache;
  readonly snapshots: SnapshotSharing;
  readonly metrics: ServerMetrics;
  readonly clock: Clock;
  readonly limits: SessionLimits;
  private readonly log: Logger;
  private readonly sessions = new Set<ClientSession>();
  private readonly syncer: Syncer;
  private tlsServer: Server | undefined;
  private http: { readonly port: number; close(): Promise<void> } | undefined;
  private tickTimer: ReturnType<Clock['setTimeout']> | undefined;
  private stopping = false;

  private constructor(private readonly options: TyphaServerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = (options.log ?? nullLogger).child({ component: 'typha' });
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.metrics = new ServerMetrics({
      clients: () => this.sessions.size,
      snapshotResources: () => this.cache.resourceCount,
      snapshotBytes: () => this.cache.snapshotBytes,
      position: () => this.cache.position,
      windowFrames: () => this.cache.windowFrames,
      inSync: () => this.cache.status === 'in-sync',
    });
    this.cache = new SnapshotCache({
      window: { ...DEFAULT_WINDOW, ...options.window },
      compressMinBytes: this.limits.compressMinBytes,
      clock: this.clock,
      onSerialize: () => this.metrics.serializations.inc(),
    });
    const { compressMinBytes, snapshotBatchBytes } = this.limits;
    this.snapshots = new SnapshotSharing(
      this.cache,
      { batchBytes: snapshotBatchBytes, ...DEFAULT_SNAPSHOT_SHARING, ...options.snapshotSharing },
      (deflate) => (body) =>
        deflate
          ? encodeCompressedFrame(MESSAGE_TYPES.SNAPSHOT_BATCH, body, compressMinBytes, BULK_DEFLATE_LEVEL)
          : encodeFrame(MESSAGE_TYPES.SNAPSHOT_BATCH, body),
    );
    this.syncer = new Syncer({
      backend: options.backend,
      kinds: options.kinds ?? SYNCED_KINDS,
      consumer: this.cache,
      clock: this.clock,
      log: this.log,
      ...(options.upstreamRetryDelayMs === undefined ? {} : { retryDelayMs: options.upstreamRetryDelayMs }),
    });
  }

  static async start(options: TyphaServerOptions): Promise<TyphaServer> {
    const server = new TyphaServer(options);
    await server.listen();
    return server;
  }

  /** The TLS port (useful with port 0). */
  get port(): number {
    return (this.tlsServer?.address() as AddressInfo | null)?.port ?? 0;
  }

  get httpPort(): number | undefined {
    return this.http?.port;
  }

  get clientCount(): number {
    return this.sessions.size;
  }

  /** Sessions that completed their handshake, for tests and diagnostics. */
  streamingSessions(): ClientSession[] {
    return [...this.sessions].filter((session) => session.isStreaming);
  }

  ended(session: ClientSession, _reason: DisconnectReason): void {
    this.sessions.delete(session);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.tickTimer !== undefined) this.clock.clearTimeout(this.tickTimer);
    for (const session of [...this.sessions]) session.close('server-stopping', 'typha is stopping');
    await Promise.all([
      new Promise<void>((resolve) =>
        this.tlsServer === undefined ? resolve() : this.tlsServer.close(() => resolve()),
      ),
      this.http?.close(),
      this.syncer.stop(),
    ]);
  }

  private async listen(): Promise<void> {
    const { tls, host, port } = this.options;
    const server = createServer({
      cert: tls.cert,
      key: tls.key,
      ca: tls.ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    server.on('secureConnection', (socket) => this.accept(socket));
    server.on('tlsClientError', (error, socket) => {
      this.metrics.disconnected('tls-handshake-failed');
      this.log.warn('TLS handshake failed', {
        reason: 'tls-handshake-failed',
        peer: socket.remoteAddress,
        error: errorMessage(error),
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.tlsServer = server;
    if (this.options.http !== undefined) {
      this.http = await startHttpEndpoint(this.options.http.host, this.options.http.port, {
        metricsText: () => this.metrics.registry.render(),
        health: () => ({
          ready: this.cache.status === 'in-sync',
          details: {
            upstream: this.cache.status,
            clients: this.sessions.size,
            position: this.cache.position,
          },
        }),
      });
    }
    this.syncer.start();
    this.scheduleTick();
    this.log.info('typha listening', { host, port: this.port, httpPort: this.http?.port });
  }

  private accept(socket: TLSSocket): void {
    const identity = peerIdentity(socket.getPeerCertificate());
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const log = this.log.child({ peer, cn: identity.commonName });
    socket.on('error', () => {}); // Errors after hand-off are the session's; before it, just close.
    if (!isAllowedPeer(identity, this.options.allowedPeers)) {
      this.refuse(socket, 'unauthorized-peer', 'certificate CN / URI SAN not allowed', log, identity);
      return;
    }
    const maxClients = this.options.maxClients ?? DEFAULT_MAX_CLIENTS;
    if (this.stopping || this.sessions.size >= maxClients) {
      const reason = this.stopping ? 'server-stopping' : 'over-capacity';
      this.refuse(
        socket,
        reason,
        `this typha serves at most ${maxClients} clients: try another`,
        log,
        identity,
      );
      return;
    }
    this.sessions.add(new ClientSession(socket, this, log));
  }

  /** GOODBYE with the reason (a well-behaved client then moves on), close, count. */
  private refuse(
    socket: TLSSocket,
    reason: DisconnectReason,
    message: string,
    log: Logger,
    identity: unknown,
  ): void {
    socket.end(encodeFrame(MESSAGE_TYPES.GOODBYE, encodeGoodbyeBody(reason, message)));
    socket.setTimeout(1000, () => socket.destroy());
    this.metrics.disconnected(reason);
    log.warn('connection refused', { reason, identity });
  }

  private scheduleTick(): void {
    const intervalMs = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.tickTimer = this.clock.setTimeout(() => {
      for (const session of [...this.sessions]) session.tick();
      if (!this.stopping) this.scheduleTick();
    }, intervalMs);
  }
}
