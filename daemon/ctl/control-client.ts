/** One request over twill-bgpd's control socket (protocol: daemon/bgpd/control-protocol.ts). */
import net from 'node:net';

import { TwillError } from '../../common/index.js';
import type { ControlResponse } from '../bgpd/control-protocol.js';

export class CtlError extends TwillError<'CONTROL_SOCKET' | 'REQUEST_FAILED' | 'USAGE'> {}

export function request(
  path: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ id: 1, method, params })}\n`));
    socket.on('error', (err) =>
      reject(new CtlError('CONTROL_SOCKET', `cannot reach twill-bgpd at ${path}: ${err.message}`)),
    );
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      socket.end();
      const response = JSON.parse(buffer.slice(0, nl)) as ControlResponse;
      if (response.ok) resolve(response.result);
      else reject(new CtlError('REQUEST_FAILED', `${response.error.code}: ${response.error.message}`));
    });
  });
}
