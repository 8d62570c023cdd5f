import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { KubeObject } from '../convert.js';
import { ListSnapshots } from './list-snapshots.js';
import { ObjectStore } from './object-store.js';
import { parsePodPath, PodStore } from './pods.js';
import { parseTarget, type Target } from './routes.js';
import { parseSecretPath, SecretStore } from './secrets.js';
import { badRequest, notFound, status, statusJson, type StatusAnswer } from './status.js';
import { standInKubeconfig } from './kubeconfig.js';
import { WatchHub, type GoneAs } from './watch-hub.js';

export interface StandInOptions {
  /**
   * How a watch from a compacted resourceVersion is refused: `event` (HTTP 200, then an ERROR event
   * with a 410 Status, what a server with a watch cache sends; the default) or `status` (HTTP 410).
   */
  readonly goneAs?: GoneAs;
  /** Address to listen on (default 127.0.0.1; a lab serves nodes in other namespaces from its own). */
  readonly host?: string;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

/**
 * An in-process stand-in for the Kubernetes API server, on 127.0.0.1 and a random port, serving the
 * list / watch / resourceVersion / 410 / bookmark / conflict behaviour KubernetesBackend relies on
 * (README.md lists exactly what it covers and what it does not). Requests it does not implement are
 * refused with 400, never half-served, so a backend that starts relying on more fails its tests.
 */
export class StandInApiServer {
  readonly store = new ObjectStore();
  /** Core v1 Pods, served read-only (GET of one Pod); tests put them here directly. */
  readonly pods = new PodStore();
  /** Core v1 Secrets: GET, list and watch per namespace; tests put them here directly. */
  readonly secrets = new SecretStore();
  /** Every request, in arrival order: lets tests prove what was (not) sent. */
  readonly requests: LoggedRequest[] = [];
  private readonly token = randomBytes(16).toString('hex');
  private readonly snapshots = new ListSnapshots();
  private readonly watches: WatchHub;
  private readonly server = createServer((request, response) => void this.handle(request, response));
  private url = '';

  private constructor(options: StandInOptions) {
    this.watches = new WatchHub(this.store, options.goneAs ?? 'event');
  }

  static async start(options: StandInOptions = {}): Promise<StandInApiServer> {
    const standIn = new StandInApiServer(options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(0, host, () => resolve());
    });
    const { port } = standIn.server.address() as AddressInfo;
    standIn.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return standIn;
  }

  /** `http://127.0.0.1:<port>`. */
  get address(): string {
    return this.url;
  }

  /** A kubeconfig (YAML) that points at this stand-in with its token. */
  kubeconfig(): string {
    return standInKubeconfig(this.url, this.token);
  }

  /** Discards history up to now: watches and list continuations from before answer 410. */
  compact(): void {
    this.store.compact();
    this.snapshots.expireBefore(this.store.compacted);
  }

  /** Sends a BOOKMARK at the current resourceVersion on every watch that allowed bookmarks. */
  sendBookmarks(): void {
    this.watches.bookmarkAll();
  }

  /** Ends every watch request cleanly, as a server timeout does (the client should resume). */
  endWatches(): void {
    this.watches.endAll();
  }

  /** Cuts every watch connection without a clean end, as a network failure does. */
  breakWatches(): void {
    this.watches.breakAll();
  }

  get openWatches(): number {
    return this.watches.size;
  }

  async stop(): Promise<void> {
    this.watches.endAll();
    this.secrets.endWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query });
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      send(response, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const unknown = Object.keys(query).filter((key) => !SUPPORTED_QUERY.has(key));
    if (unknown.length > 0) {
      send(response, badRequest(`the stand-in does not implement ${unknown.join(', ')}`));
      return;
    }
    const podPath = parsePodPath(url.pathname);
    if (podPath !== undefined) {
      send(response, this.pods.answer(method, podPath));
      return;
    }
    const secretPath = parseSecretPath(url.pathname);
    if (secretPath !== undefined) {
      const answer = this.secrets.answer(method, secretPath, query, response);
      if (answer.ok !== 'streaming') send(response, answer);
      return;
    }
    const target = parseTarget(url.pathname);
    if (
      target === undefined ||
      (target.resource.namespaced && target.name !== undefined && target.namespace === undefined)
    ) {
      send(response, notFound(`the server could not find the requested resource (${url.pathname})`));
      return;
    }
    let body: KubeObject | undefined;
    try {
      body = await readJson(request);
    } catch {
      send(response, badRequest('the request body is not JSON'));
      return;
    }
    this.route(method, target, query, body, response);
  }

  private route(
    method: string,
    target: Target,
    query: Record<string, string>,
    body: KubeObject | undefined,
    response: ServerResponse,
  ): void {
    const { name } = target;
    if (method === 'GET' && name === undefined && (query.watch === 'true' || query.watch === '1')) {
      this.watches.open(target, query, response);
    } else if (method === 'GET' && name === undefined) {
      send(response, this.snapshots.page(this.store, target, query));
    } else if (method === 'GET') {
      send(response, this.store.get(target));
    } else if (method === 'POST' && name === undefined && body !== undefined) {
      send(response, this.store.create(target, body), 201);
    } else if (method === 'PUT' && name !== undefined && body !== undefined) {
      send(response, this.store.replace(target, body));
    } else if (method === 'DELETE' && name !== undefined && target.subresource === undefined) {
      const preconditions = (
        body as { preconditions?: { resourceVersion?: string; uid?: string } } | undefined
      )?.preconditions;
      send(response, this.store.delete(target, preconditions ?? {}));
    } else {
      send(response, status(405, 'MethodNotAllowed', `the stand-in does not implement ${method} here`));
    }
  }
}

/** Query parameters the stand-in understands; any other is refused rather than ignored. */
const SUPPORTED_QUERY = new Set([
  'watch',
  'resourceVersion',
  'allowWatchBookmarks',
  'limit',
  'continue',
  'timeoutSeconds',
]);

type Answer =
  | StatusAnswer
  | { readonly ok: true; readonly object: unknown }
  | { readonly ok: false; readonly status: StatusAnswer };

function send(response: ServerResponse, answer: Answer, successCode = 200): void {
  let code: number;
  let payload: unknown;
  if ('ok' in answer) {
    code = answer.ok ? successCode : answer.status.code;
    payload = answer.ok ? answer.object : statusJson(answer.status);
  } else {
    code = answer.code;
    payload = statusJson(answer);
  }
  response.writeHead(code, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(payload));
}

async function readJson(request: IncomingMessage): Promise<KubeObject | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as KubeObject);
}
