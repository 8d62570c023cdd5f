// WireGuard: one device (kernel or wireguard-go, see backend.ts), the node's key pair from its key file,
// one peer per remote node (endpoint = node address and port, allowed IPs = its pod blocks) and routes
// to those blocks through the device. MTU = uplink − 80.
//
// Peers are changed by difference, never with replace_peers: replacing would drop every peer's session
// and make all of them handshake again. Key rotation (rotateKey) sets a new private key, which ends the
// device's sessions; the peers learn the new public key through the datastore and swap the old peer for
// the new one in a single UAPI/genetlink set. Packets in between are lost, not refused: an established
// TCP flow retransmits them after the new handshake and carries on (wireguard.lab.test.ts shows it).
import { nullLogger, type Logger, type Prefix } from '../../../common/index.js';
import {
  WGPEER_F_REMOVE_ME,
  WGPEER_F_REPLACE_ALLOWEDIPS,
  type WgDevice,
  type WgPeer,
} from '../../netlink/index.js';
import type { DesiredRoute } from '../../routetable/index.js';
import { ensureLinkUp } from '../device-sync.js';
import { EncapError } from '../errors.js';
import type { LinkOps } from '../link-ops.js';
import { EncapManagerBase, type EncapManager } from '../manager.js';
import type { RemoteNode } from '../node.js';
import { tunnelMtuBytes } from '../overhead.js';
import { routesFor } from '../route-shapes.js';
import { detectUplink } from '../uplink.js';
import type { WireGuardBackend } from './backend.js';
import {
  decodeKey,
  generateKeyPair,
  loadOrCreateKeyPair,
  writeKeyFile,
  type WireGuardKeyPair,
} from './keys.js';

export const WIREGUARD_DEFAULT_PORT = 51820;

export interface WireGuardManagerOptions {
  readonly ops: LinkOps;
  readonly backend: WireGuardBackend;
  /** The private key file (mode 0600), created on first start. */
  readonly keyFile: string;
  readonly deviceName?: string;
  readonly listenPort?: number;
  readonly mtuBytes?: number;
  readonly persistentKeepaliveSec?: number;
  readonly log?: Logger;
}

export class WireGuardManager extends EncapManagerBase implements EncapManager {
  readonly kind = 'wireguard' as const;
  readonly deviceName: string;
  private readonly ops: LinkOps;
  private readonly backend: WireGuardBackend;
  private readonly keyFile: string;
  private readonly listenPort: number;
  private readonly mtuOverride: number | undefined;
  private readonly keepaliveSec: number | undefined;
  private readonly log: Logger;
  private keys: WireGuardKeyPair | undefined;

  constructor(options: WireGuardManagerOptions) {
    super();
    this.ops = options.ops;
    this.backend = options.backend;
    this.keyFile = options.keyFile;
    this.deviceName = options.deviceName ?? 'twill.wg';
    this.listenPort = options.listenPort ?? WIREGUARD_DEFAULT_PORT;
    this.mtuOverride = options.mtuBytes;
    this.keepaliveSec = options.persistentKeepaliveSec;
    this.log = options.log ?? nullLogger;
  }

  /** Loads (or creates) the key pair and returns the public key to publish, base64. */
  async publicKey(): Promise<string> {
    this.keys ??= await loadOrCreateKeyPair(this.keyFile);
    return this.keys.publicKey.toString('base64');
  }

  /**
   * A new key pair: written to the key file first (a crash then restarts with the new key, which is
   * what gets published next), then set on the device. Returns the new public key to publish.
   */
  async rotateKey(): Promise<string> {
    const next = generateKeyPair();
    await writeKeyFile(this.keyFile, next.privateKey);
    this.keys = next;
    this.dirty = true;
    await this.backend.setDevice(this.deviceName, { privateKey: next.privateKey });
    this.log.info('WireGuard key rotated', { device: this.deviceName });
    return next.publicKey.toString('base64');
  }

  async completeDeferredWork(): Promise<void> {
    const local = this.local;
    if (local === undefined) return;
    await this.publicKey();
    const keys = this.keys as WireGuardKeyPair;
    const uplink = await detectUplink(this.ops, local.address);
    const mtuBytes = this.mtuOverride ?? tunnelMtuBytes('wireguard', uplink.mtuBytes, local.address.family);

    await this.backend.ensureDevice(this.deviceName);
    const link = (await this.ops.links()).find((l) => l.name === this.deviceName);
    if (link === undefined) {
      throw new EncapError(
        'DEVICE_ERROR',
        `WireGuard device ${this.deviceName} is not listed after creation`,
      );
    }
    if (link.mtu !== mtuBytes) await this.ops.setLink({ index: link.index, mtu: mtuBytes });

    const wanted = new Map<string, WgPeer>();
    const routes: DesiredRoute[] = [];
    for (const remote of this.sortedRemotes()) {
      const peer = this.peerFor(remote);
      if (peer === undefined) continue;
      wanted.set(peer.publicKey.toString('hex'), peer);
      routes.push(...routesFor(remote, { kind: 'tunnel-device', oif: link.index }).routes);
    }
    const current = await this.backend.getDevice(this.deviceName);
    const change = deviceChange(current, keys.privateKey, this.listenPort, wanted);
    if (change !== undefined) await this.backend.setDevice(this.deviceName, change);
    // Up only once configured, so the device never forwards with a stale peer set.
    await ensureLinkUp(this.ops, link);
    this.current = routes;
    this.dirty = false;
  }

  private peerFor(remote: RemoteNode): WgPeer | undefined {
    if (remote.wireguardPublicKey === undefined) {
      this.log.warn('remote node has no WireGuard public key yet; not routing to it', { node: remote.name });
      return undefined;
    }
    return {
      publicKey: decodeKey(remote.wireguardPublicKey, `WireGuard public key of node ${remote.name}`),
      endpoint: { address: remote.address, port: remote.wireguardPort ?? this.listenPort },
      allowedIps: remote.blocks,
      flags: WGPEER_F_REPLACE_ALLOWEDIPS,
      ...(this.keepaliveSec !== undefined ? { persistentKeepaliveSec: this.keepaliveSec } : {}),
    };
  }
}

/**
 * Pure: the smallest set request that turns `current` into the wanted device, or undefined if there is
 * nothing to do. Removals come first in the request, so a rotated peer's allowed IPs are free again.
 */
export function deviceChange(
  current: WgDevice,
  privateKey: Buffer,
  listenPort: number,
  wanted: ReadonlyMap<string, WgPeer>,
): WgDevice | undefined {
  const have = new Map((current.peers ?? []).map((p) => [p.publicKey.toString('hex'), p]));
  const removals: WgPeer[] = [];
  for (const [key, peer] of have) {
    if (!wanted.has(key)) removals.push({ publicKey: peer.publicKey, flags: WGPEER_F_REMOVE_ME });
  }
  const updates = [...wanted].filter(([key, peer]) => !samePeer(have.get(key), peer)).map(([, p]) => p);
  const keyChanged = current.privateKey === undefined || !current.privateKey.equals(privateKey);
  const portChanged = current.listenPort !== listenPort;
  if (removals.length === 0 && updates.length === 0 && !keyChanged && !portChanged) return undefined;
  return {
    ...(keyChanged ? { privateKey } : {}),
    ...(portChanged ? { listenPort } : {}),
    peers: [...removals, ...updates],
  };
}

function samePeer(have: WgPeer | undefined, want: WgPeer): boolean {
  if (have === undefined) return false;
  const endpoint = (p: WgPeer) =>
    p.endpoint === undefined ? '' : `${p.endpoint.address.toString()}|${p.endpoint.port}`;
  const ips = (list: readonly Prefix[] | undefined) =>
    (list ?? [])
      .map((p) => p.toString())
      .sort()
      .join(',');
  return (
    endpoint(have) === endpoint(want) &&
    ips(have.allowedIps) === ips(want.allowedIps) &&
    (want.persistentKeepaliveSec === undefined || have.persistentKeepaliveSec === want.persistentKeepaliveSec)
  );
}
