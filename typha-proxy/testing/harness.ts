import { MemoryLogger } from '../../common/index.js';
import { EtcdBackend, type Backend } from '../../datastore/index.js';
import { TyphaClient, type TyphaClientOptions } from '../client/index.js';
import { TyphaServer, type TyphaServerOptions } from '../server/index.js';
import { Recorder } from './recorder.js';
import type { CertificateAndKey, TestPki } from './test-pki.js';

export const NODE_CN = 'twill-node';
export const NODE_URI = 'spiffe://twill.test/node';

/** Starts servers and clients with test-friendly timings and cleans all of them up. */
export class Harness {
  readonly log = new MemoryLogger();
  private readonly servers: TyphaServer[] = [];
  private readonly clients: TyphaClient[] = [];
  private readonly backends: Backend[] = [];
  private nodeIdentity: CertificateAndKey | undefined;

  constructor(
    readonly pki: TestPki,
    private readonly etcdEndpoint: string,
    readonly keyPrefix: string,
  ) {}

  backend(): EtcdBackend {
    const backend = new EtcdBackend({ endpoints: [this.etcdEndpoint], keyPrefix: this.keyPrefix });
    this.backends.push(backend);
    return backend;
  }

  async server(overrides: Partial<TyphaServerOptions> = {}): Promise<TyphaServer> {
    const server = await TyphaServer.start({
      backend: overrides.backend ?? this.backend(),
      host: '127.0.0.1',
      port: 0,
      tls: { cert: this.pki.server.cert, key: this.pki.server.key, ca: this.pki.ca },
      allowedPeers: { commonNames: [NODE_CN], uriSans: [NODE_URI] },
      http: { host: '127.0.0.1', port: 0 },
      pingIntervalMs: 100,
      upstreamRetryDelayMs: 100,
      log: this.log,
      ...overrides,
    });
    this.servers.push(server);
    return server;
  }

  async identity(): Promise<CertificateAndKey> {
    this.nodeIdentity ??= await this.pki.client(NODE_CN);
    return this.nodeIdentity;
  }

  async client(
    servers: TyphaServer | readonly TyphaServer[],
    overrides: Partial<TyphaClientOptions> = {},
  ): Promise<{ client: TyphaClient; recorder: Recorder }> {
    const identity = await this.identity();
    const recorder = new Recorder();
    const list = Array.isArray(servers) ? servers : [servers as TyphaServer];
    const client = new TyphaClient({
      addresses: list.map((server) => `127.0.0.1:${server.port}`),
      tls: { ca: this.pki.ca, cert: identity.cert, key: identity.key },
      consumer: recorder,
      name: `node-${this.clients.length + 1}`,
      backoff: { initialMs: 20, maxMs: 200 },
      pingIntervalMs: 100,
      livenessTimeoutMs: 5000,
      random: () => 0,
      log: this.log,
      ...overrides,
    });
    this.clients.push(client);
    client.start();
    return { client, recorder };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.stop()));
    await Promise.all(this.servers.map((server) => server.stop()));
    await Promise.all(this.backends.map((backend) => backend.close()));
  }

  /** Log entries whose fields carry this disconnect reason. */
  loggedReasons(): string[] {
    return this.log.entries.flatMap((entry) =>
      typeof entry.fields['reason'] === 'string' ? [entry.fields['reason']] : [],
    );
  }
}
