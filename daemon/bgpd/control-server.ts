/** The control socket server (protocol in control-protocol.ts). */
import { unlinkSync } from 'node:fs';
import net from 'node:net';

import { errorCode, errorMessage, tryParsePrefix, type Logger } from '../../common/index.js';
import type { BgpSpeaker, Family, RouteViewName } from '../../bgp/speaker/index.js';
import { ControlError, type ControlRequest, type ControlResponse } from './control-protocol.js';

const VIEWS: readonly RouteViewName[] = ['received', 'advertised', 'best'];
const AFIS: Readonly<Record<string, Family>> = { ipv4: 'ipv4-unicast', ipv6: 'ipv6-unicast' };
/** A request line longer than this is not ours: close rather than buffer without end. */
const MAX_LINE = 64 * 1024;

export class ControlServer {
  private constructor(private readonly server: net.Server) {}

  static async listen(path: string, speaker: BgpSpeaker, log: Logger): Promise<ControlServer> {
    try {
      unlinkSync(path); // a stale socket from an earlier run
    } catch {
      // none there
    }
    const server = net.createServer((socket) => serve(socket, speaker, log));
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

function serve(socket: net.Socket, speaker: BgpSpeaker, log: Logger): void {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line.length > 0) socket.write(`${JSON.stringify(answer(line, speaker, log))}\n`);
    }
    if (buffer.length > MAX_LINE) socket.destroy();
  });
}

export function answer(line: string, speaker: BgpSpeaker, log: Logger): ControlResponse {
  let request: ControlRequest;
  try {
    request = JSON.parse(line) as ControlRequest;
  } catch {
    return { id: null, ok: false, error: { code: 'BAD_REQUEST', message: 'not a JSON line' } };
  }
  const id = request.id ?? null;
  try {
    return { id, ok: true, result: dispatch(request, speaker) };
  } catch (err) {
    log.debug('control request failed', { method: request.method, error: errorMessage(err) });
    return { id, ok: false, error: { code: errorCode(err) ?? 'ERROR', message: errorMessage(err) } };
  }
}

function dispatch(request: ControlRequest, speaker: BgpSpeaker): unknown {
  const params = request.params ?? {};
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
      else speaker.originate(prefix, typeof params.med === 'number' ? { multiExitDisc: params.med } : {});
      return null;
    }
    default:
      throw bad(`unknown method ${JSON.stringify(request.method)}`);
  }
}

function bad(message: string): ControlError {
  return new ControlError('BAD_REQUEST', message);
}
