// A client of wireguard-go's UAPI socket (/var/run/wireguard/<if>.sock): one connection per request,
// as `wg` does; the reply ends with "errno=N" and an empty line.
import { connect } from 'node:net';
import { join } from 'node:path';
import type { WgDevice } from '../../netlink/index.js';
import { EncapError } from '../errors.js';
import { decodeUapiGet, encodeUapiSet, UAPI_GET, uapiErrno } from './uapi-codec.js';

export const UAPI_SOCKET_DIR = '/var/run/wireguard';

export function uapiSocketPath(ifname: string, dir = UAPI_SOCKET_DIR): string {
  return join(dir, `${ifname}.sock`);
}

export class UapiClient {
  constructor(
    readonly socketPath: string,
    private readonly timeoutMs = 5000,
  ) {}

  async get(): Promise<WgDevice> {
    const reply = await this.exchange(UAPI_GET);
    this.check(reply, 'get');
    return decodeUapiGet(reply);
  }

  async set(device: WgDevice): Promise<void> {
    this.check(await this.exchange(encodeUapiSet(device)), 'set');
  }

  private check(reply: string, what: string): void {
    const errno = uapiErrno(reply);
    if (errno !== 0) {
      throw new EncapError(
        'UAPI_ERROR',
        `wireguard-go refused UAPI ${what} on ${this.socketPath}: errno ${errno}`,
        {
          details: { errno, socketPath: this.socketPath },
        },
      );
    }
  }

  private exchange(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.socketPath);
      let reply = '';
      let done = false;
      const finish = (error: EncapError | undefined) => {
        if (done) return;
        done = true;
        socket.destroy();
        if (error === undefined) resolve(reply);
        else reject(error);
      };
      socket.setEncoding('utf8');
      socket.setTimeout(this.timeoutMs, () =>
        finish(
          new EncapError('UAPI_ERROR', `UAPI ${this.socketPath}: no complete reply in ${this.timeoutMs} ms`),
        ),
      );
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk: string) => {
        reply += chunk;
        // The reply is complete at the empty line after errno=N.
        if (/(^|\n)errno=-?\d+\n\n$/.test(reply)) finish(undefined);
      });
      socket.on('error', (err: NodeJS.ErrnoException) =>
        finish(
          new EncapError('UAPI_ERROR', `UAPI ${this.socketPath}: ${err.code ?? err.message}`, {
            cause: err,
            details: { socketPath: this.socketPath, errno: err.code },
          }),
        ),
      );
      socket.on('end', () =>
        finish(
          reply === ''
            ? new EncapError('UAPI_ERROR', `UAPI ${this.socketPath}: closed without a reply`)
            : undefined,
        ),
      );
    });
  }
}
