// Drives a BgpSpeaker from the calculation graph's DesiredBgpState and OriginatedPrefixes. The speaker is
// created on the first desired state (its AS, router ID, listen port and cluster ID come from the
// datastore) and created again only if one of those changes; peers are diffed (peer-diff.ts) so an
// unchanged session is never reset; originated prefixes are diffed too. A BGPFilter change is a policy
// change (soft: re-evaluation in, differences out); a changed password Secret key is a transport change
// (the session restarts with the new TCP MD5 key).
import { errorMessage, IPv4Address, parsePrefix, type Logger } from '../../../common/index.js';
import {
  BgpSpeaker,
  type BestPathListener,
  type PeerConfig,
  type SpeakerOptions,
} from '../../../bgp/speaker/index.js';
import type { DesiredBgpState } from '../calc/index.js';
import { toPeerConfig } from '../speaker-peer-config.js';
import { nodeBgpPolicies, type NodePolicies } from './node-bgp-policy.js';
import { diffPeers } from './peer-diff.js';
import type { PeerPasswords } from './peer-passwords.js';

/** ConnectRetryTime of node sessions without one in their resource. */
export const NODE_CONNECT_RETRY_SEC = 5;

export interface SpeakerAdapterOptions {
  readonly log: Logger;
  /** RFC 4724 Restart Time we advertise (and the selection deferral limit after a restart). */
  readonly gracefulRestartTimeSec: number;
  /** This start follows a restart with the kernel routes kept: advertise R and F bits, defer selection. */
  readonly forwardingPreserved: boolean;
  readonly onBestPaths: BestPathListener;
  /** Called when a speaker is (re)created, so a consumer can drop what it learned from the old one. */
  readonly onSpeaker?: (speaker: BgpSpeaker) => void;
  /** BGP passwords from Kubernetes Secrets; a change re-maps the peers (a changed key resets the session). */
  readonly passwords?: PeerPasswords;
}

export class SpeakerAdapter {
  private speaker: BgpSpeaker | undefined;
  private identity = '';
  private desired: DesiredBgpState | undefined;
  private readonly peers = new Map<string, PeerConfig>();
  private originated = new Set<string>();
  private pools: readonly string[] = [];
  private services: readonly string[] = [];
  private policies: NodePolicies = nodeBgpPolicies([], []);
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: SpeakerAdapterOptions) {
    options.passwords?.onChange(() => void this.serial(() => this.sync()));
  }

  get current(): BgpSpeaker | undefined {
    return this.speaker;
  }

  /** Desired BGP state changed: peers and (if needed) the speaker itself. */
  setDesired(state: DesiredBgpState): Promise<void> {
    this.desired = state;
    return this.serial(() => this.sync());
  }

  /** Pool CIDRs and originated services changed: the eBGP policies follow (a soft update per peer). */
  setPolicyInputs(pools: readonly string[], services: readonly string[]): Promise<void> {
    this.pools = pools;
    this.services = services;
    return this.serial(() => this.sync());
  }

  /** Prefixes this node originates: blocks, borrowed addresses, services. */
  setOriginated(prefixes: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const next = new Set(prefixes.map((p) => parsePrefix(p, { strict: false }).toString()));
      const speaker = this.speaker;
      if (speaker !== undefined) {
        for (const p of next) if (!this.originated.has(p)) speaker.originate(parsePrefix(p));
        for (const p of this.originated) if (!next.has(p)) speaker.withdraw(parsePrefix(p));
      }
      this.originated = next;
    });
  }

  private async sync(): Promise<void> {
    const state = this.desired;
    if (state === undefined) return;
    this.policies = nodeBgpPolicies(this.pools, this.services);
    const identity = JSON.stringify([
      state.localAsNumber,
      state.routerId,
      state.listenPort,
      state.routeReflectorClusterId,
    ]);
    if (this.speaker === undefined || identity !== this.identity) await this.recreate(state, identity);
    const speaker = this.speaker as BgpSpeaker;
    const configs = state.peers.map((peer) => {
      const config = toPeerConfig(
        peer,
        { localAsNumber: state.localAsNumber, ...this.policies },
        {
          ...(state.filters === undefined ? {} : { filters: state.filters }),
          ...(this.options.passwords === undefined ? {} : { password: this.options.passwords.lookup }),
        },
      );
      // Nodes start in any order: one that is not listening yet refuses us, so retry after seconds
      // (as data-centre routers are tuned), not RFC 4271's 120 s, unless the resource says otherwise.
      return config.connectRetryTimeSec === undefined
        ? { ...config, connectRetryTimeSec: NODE_CONNECT_RETRY_SEC }
        : config;
    });
    const plan = diffPeers(this.peers, configs);
    for (const config of plan.remove) {
      speaker.removePeer(config.address);
      this.peers.delete(config.address.toString());
      this.options.log.info('peer removed', { peer: config.address.toString() });
    }
    for (const config of plan.add) {
      speaker.addPeer(config);
      this.peers.set(config.address.toString(), config);
      this.options.log.info('peer added', { peer: config.address.toString(), asn: config.asn });
      this.logDown(config);
    }
    for (const config of plan.update) {
      const how = speaker.updatePeer(config);
      this.peers.set(config.address.toString(), config);
      this.options.log.info('peer updated', { peer: config.address.toString(), change: how });
      this.logDown(config);
    }
  }

  /** A peer kept down (password Secret or BGPFilter missing) says why, once per change. */
  private logDown(config: PeerConfig): void {
    if (config.adminDownReason !== undefined)
      this.options.log.warn('peer kept down', {
        peer: config.address.toString(),
        reason: config.adminDownReason,
      });
  }

  private async recreate(state: DesiredBgpState, identity: string): Promise<void> {
    const old = this.speaker;
    if (old !== undefined) {
      this.options.log.warn(
        'local AS, router ID, listen port or cluster ID changed: restarting the speaker',
        {
          localAs: state.localAsNumber,
          routerId: state.routerId,
        },
      );
      await old.stop();
    }
    const options: SpeakerOptions = {
      localAs: state.localAsNumber,
      routerId: IPv4Address.parse(state.routerId),
      listen: [
        { address: '0.0.0.0', port: state.listenPort },
        { address: '::', port: state.listenPort },
      ],
      ...(state.routeReflectorClusterId === undefined
        ? {}
        : { clusterId: IPv4Address.parse(state.routeReflectorClusterId) }),
      // Graceful restart on for every session, both roles: we keep a restarting peer's routes (helper),
      // and peers keep ours while we restart (RFC 4724 §4.1/§4.2).
      gracefulRestart: {
        restartTimeSec: this.options.gracefulRestartTimeSec,
        forwardingPreserved: this.options.forwardingPreserved,
        selectionDeferralTimeSec: this.options.gracefulRestartTimeSec,
      },
    };
    const speaker = new BgpSpeaker(options, undefined, this.options.log);
    speaker.subscribe(this.options.onBestPaths);
    try {
      await speaker.start();
    } catch (error) {
      this.options.log.error('BGP speaker could not listen', {
        port: state.listenPort,
        error: errorMessage(error),
      });
      throw error;
    }
    this.speaker = speaker;
    this.identity = identity;
    this.peers.clear();
    for (const p of this.originated) speaker.originate(parsePrefix(p));
    this.options.onSpeaker?.(speaker);
    this.options.log.info('BGP speaker started', {
      localAs: state.localAsNumber,
      routerId: state.routerId,
      listenPort: state.listenPort,
      forwardingPreserved: this.options.forwardingPreserved,
    });
  }

  /** One step at a time; a failed step is logged and never rejects (callers fire and forget). */
  private serial(fn: () => Promise<void>): Promise<void> {
    this.queue = this.queue
      .then(fn)
      .catch((error: unknown) =>
        this.options.log.error('BGP configuration step failed', { error: errorMessage(error) }),
      );
    return this.queue;
  }
}
