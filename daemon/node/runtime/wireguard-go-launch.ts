// Starting wireguard-go when its UAPI socket must live somewhere else than /var/run/wireguard: the
// socket path is fixed in wireguard-go, and interface names must then be unique per host, so several
// nodes on one host (the lab) could not all call their device twill.wg. In a private mount namespace
// (unshare(1)) the configured directory is bind-mounted over /var/run/wireguard for wireguard-go alone;
// the daemon it forks keeps that namespace, and the socket appears in the configured directory.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { errorMessage } from '../../../common/index.js';
import {
  EncapError,
  launchWireGuardGo,
  UAPI_SOCKET_DIR,
  type WireGuardGoLauncher,
} from '../../../routing/encap/index.js';

export function wireGuardGoLauncher(socketDir: string): WireGuardGoLauncher {
  if (socketDir === UAPI_SOCKET_DIR || socketDir === '') return launchWireGuardGo;
  return async (ifname) => {
    await mkdir(socketDir, { recursive: true, mode: 0o700 });
    await mkdir(UAPI_SOCKET_DIR, { recursive: true, mode: 0o755 });
    const script = 'mount --bind "$1" "$2" && exec wireguard-go "$3"';
    await new Promise<void>((resolve, reject) => {
      execFile(
        'unshare',
        ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', socketDir, UAPI_SOCKET_DIR, ifname],
        (err, _stdout, stderr) => {
          if (err === null) return resolve();
          reject(
            new EncapError(
              'WIREGUARD_UNAVAILABLE',
              `wireguard-go ${ifname} with its socket in ${socketDir} failed: ${errorMessage(err)} ${stderr.trim()}`,
              { cause: err, details: { device: ifname } },
            ),
          );
        },
      );
    });
  };
}
