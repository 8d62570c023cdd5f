// wireguard-go: started once per interface (it daemonizes and keeps running across restarts of
// twill-node, so established sessions survive one), then configured over its UAPI socket. If the
// socket already answers, the running daemon is adopted.
import { execFile } from 'node:child_process';
import { errorMessage, type Logger, nullLogger } from '../../../common/index.js';
import type { WgDevice } from '../../netlink/index.js';
import { EncapError } from '../errors.js';
import type { WireGuardBackend } from './backend.js';
import { UapiClient, uapiSocketPath, UAPI_SOCKET_DIR } from './uapi-client.js';

/** Starts wireguard-go for `ifname` (in the right network namespace) and resolves when it has forked. */
export type WireGuardGoLauncher = (ifname: string) => Promise<void>;

export interface UserspaceBackendOptions {
  readonly launch?: WireGuardGoLauncher;
  readonly socketDir?: string;
  /** How long to wait for a started daemon's UAPI socket (default 10 s). */
  readonly startTimeoutMs?: number;
  readonly log?: Logger;
}

export class UserspaceWireGuardBackend implements WireGuardBackend {
  readonly kind = 'userspace' as const;
  private readonly launch: WireGuardGoLauncher;
  private readonly socketDir: string;
  private readonly startTimeoutMs: number;
  private readonly log: Logger;

  constructor(options: UserspaceBackendOptions = {}) {
    this.launch = options.launch ?? launchWireGuardGo;
    this.socketDir = options.socketDir ?? UAPI_SOCKET_DIR;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.log = options.log ?? nullLogger;
  }

  async ensureDevice(ifname: string): Promise<void> {
    if (await this.answers(ifname)) return;
    this.log.info('starting wireguard-go', { device: ifname });
    await this.launch(ifname);
    const deadline = Date.now() + this.startTimeoutMs;
    // The daemon creates its socket shortly after forking; poll with a growing interval and a deadline.
    for (let delayMs = 10; ; delayMs = Math.min(delayMs * 2, 200)) {
      if (await this.answers(ifname)) return;
      if (Date.now() + delayMs > deadline) {
        throw new EncapError(
          'WIREGUARD_UNAVAILABLE',
          `wireguard-go for ${ifname} did not open ${this.client(ifname).socketPath} within ${this.startTimeoutMs} ms`,
          { details: { device: ifname } },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  getDevice(ifname: string): Promise<WgDevice> {
    return this.client(ifname).get();
  }

  setDevice(ifname: string, device: WgDevice): Promise<void> {
    return this.client(ifname).set(device);
  }

  close(): void {
    // Nothing held open: one connection per request. The daemon keeps running on purpose.
  }

  private client(ifname: string): UapiClient {
    return new UapiClient(uapiSocketPath(ifname, this.socketDir));
  }

  private async answers(ifname: string): Promise<boolean> {
    try {
      await this.client(ifname).get();
      return true;
    } catch {
      return false;
    }
  }
}

/** `wireguard-go IFNAME` in this process's namespace; it forks and its parent exits once the TUN exists. */
export function launchWireGuardGo(ifname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('wireguard-go', [ifname], (err, _stdout, stderr) => {
      if (err === null) return resolve();
      reject(
        new EncapError(
          'WIREGUARD_UNAVAILABLE',
          `kernel WireGuard is missing and wireguard-go ${ifname} failed: ${errorMessage(err)} ${stderr.trim()}` +
            ' (install wireguard-go, or a kernel with WireGuard)',
          { cause: err, details: { device: ifname } },
        ),
      );
    });
  });
}
