/** The control socket server (protocol in control-protocol.ts). */
import { unlinkSync } from 'node:fs';
import net from 'node:net';

import { errorCode, errorMessage, tryParsePrefix, type Logger } from '../../common/index.js';
import type { BgpSpeaker, Family, RouteAttributes, RouteViewName } from '../../bgp/speaker/index.js';
import { Fields } from './fields.js';
import { community, largeCommunity } from './policy-config.js';
import { operation, type Reloader } from './control-operations.js';
import { explainRequest, type OriginSource } from './control-explain.js';
import { ControlError, type ControlRequest, type ControlResponse } from './control-protocol.js';

const VIEWS: readonly RouteViewName[] = ['received', 'advertised', 'best'];
const AFIS: Readonly<Record<string, Family>> = { ipv4: 'ipv4-unicast', ipv6: 'ipv6-unicast' };
/** A request line longer than this is not ours: close rather than buffer without end. */
const MAX_LINE = 64 * 1024;

/**
 * Methods a daemon adds to the protocol (twill-node's `node.*`): undefined means "not mine", so the
 * BGP methods are tried next.
 */
export type ExtraMethods = (method: string, params: Record<string, unknown>) => Promise<unknown> | undefined;

/** The speaker, or a getter for a daemon that creates it later (twill-node, after the datastore sync). */
export type SpeakerSource = BgpSpeaker | (() => BgpSpeaker | undefined);

export class ControlServer {
  private constructor(private readonly server: net.Server) {}

  static async listen(
    path: string,
    speaker: SpeakerSource,
    log: Logger,
    reload?: Reloader,
    extra?: ExtraMethods,
    originSource?: OriginSource,
  ): Promise<ControlServer> {
    try {
      unlinkSync(path); // a stale socket from an earlier run
    } catch {
      // none there
    }
    const server = net.createServer((socket) => serve(socket, speaker, log, reload, extra, originSource));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    return new ControlServer(server);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function serve(
  socket: net.Socket,
  speaker: SpeakerSource,
  log: Logger,
  reload: Reloader | undefined,
  extra: ExtraMethods | undefined,
  originSource?: OriginSource,
): void {
  let buffer = '';
  // Answers go out in request order even when one (reload) takes a while.
  let queue: Promise<void> = Promise.resolve();
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line.length > 0)
        queue = queue.then(async () => {
          const response = await answer(line, speaker, log, reload, extra, originSource);
          if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
        });
    }
    if (buffer.length > MAX_LINE) socket.destroy();
  });
}

export async function answer(
  line: string,
  speaker: SpeakerSource,
  log: Logger,
  reload?: Reloader,
  extra?: ExtraMethods,
  originSource?: OriginSource,
): Promise<ControlResponse> {
  let request: ControlRequest;
  try {
    request = JSON.parse(line) as ControlRequest;
  } catch {
    return { id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'not a JSON line' } };
  }
  const id = request.id ?? null;
  try {
    const own = extra?.(request.method, request.params ?? {});
    if (own !== undefined) return { id, ok: true, result: await own };
    const current = typeof speaker === 'function' ? speaker() : speaker;
    if (current === undefined)
      throw new ControlError(
        'NOT_READY',
        'the BGP speaker is not running yet (datastore not in sync, or BGP off)',
      );
    return { id, ok: true, result: await dispatch(request, current, reload, originSource) };
  } catch (err) {
    log.debug('control request failed', { method: request.method, error: errorMessage(err) });
    return { id, ok: false, error: { code: errorCode(err) ?? 'ERROR', message: errorMessage(err) } };
  }
}

async function dispatch(
  request: ControlRequest,
  speaker: BgpSpeaker,
  reload: Reloader | undefined,
  originSource?: OriginSource,
): Promise<unknown> {
  const params = request.params ?? {};
  const explained = explainRequest(request.method, params, speaker, originSource);
  if (explained !== undefined) return explained;
  const op = await operation(request.method, params, speaker, reload);
  if (op !== undefined) return op;
  switch (request.method) {
    case 'bgp.peers':
      return speaker.peerStatus();
    case 'bgp.routes': {
      const view = (params.view ?? 'best') as RouteViewName;
      if (!VIEWS.includes(view)) throw bad(`view must be one of ${VIEWS.join(', ')}`);
      const family = params.afi === undefined ? undefined : AFIS[String(params.afi)];
      if (params.afi !== undefined && family === undefined) throw bad('afi must be ipv4 or ipv6');
      return speaker.routes({
        view,
        ...(typeof params.peer === 'string' ? { peer: params.peer } : {}),
        ...(family === undefined ? {} : { family }),
      });
    }
    case 'bgp.originate':
    case 'bgp.withdraw': {
      const prefix = typeof params.prefix === 'string' ? tryParsePrefix(params.prefix) : undefined;
      if (prefix === undefined) throw bad('params.prefix must be a prefix like 10.0.0.0/24');
      if (request.method === 'bgp.withdraw') speaker.withdraw(prefix);
      else speaker.originate(prefix, originateAttributes(params));
      return null;
    }
    default:
      throw bad(`unknown method ${JSON.stringify(request.method)}`);
  }
}

function bad(message: string): ControlError {
  return new ControlError('BAD_REQUEST', message);
}

/** `bgp.originate` params: med, communities ("AS:value" or well-known names), largeCommunities. */
function originateAttributes(params: Record<string, unknown>): RouteAttributes {
  const f = new Fields();
  const list = (key: string) => (f.list(params[key], `params.${key}`) ?? []) as unknown[];
  const communities = list('communities').flatMap(
    (c, i) => community(f, c, `params.communities[${i}]`) ?? [],
  );
  const large = list('largeCommunities').flatMap(
    (c, i) => largeCommunity(f, c, `params.largeCommunities[${i}]`) ?? [],
  );
  if (params.med !== undefined) f.integer(params.med, 'params.med', 0, 0xffff_ffff);
  if (f.problems.length > 0) throw bad(f.problems.join('; '));
  return {
    ...(typeof params.med === 'number' ? { multiExitDisc: params.med } : {}),
    ...(communities.length === 0 ? {} : { communities }),
    ...(large.length === 0 ? {} : { largeCommunities: large }),
  };
}
