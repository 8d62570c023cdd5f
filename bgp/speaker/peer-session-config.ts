/**
 * What the speaker gives a peer's session: its configuration (timers, families, transport options,
 * graceful restart, a dynamic peer's AS range) turned into the session layer's `SessionConfig`.
 */
import { fsmConfig } from '../fsm/index.js';
import type { SessionConfig } from '../session/index.js';
import { FAMILIES } from '../wire/index.js';
import type { DynamicPeerRange } from './dynamic-peers.js';
import { transportFields } from './peer-transport.js';
import type { RestartFeatures } from './restart-features.js';
import type { PeerConfig, SpeakerOptions } from './speaker-config.js';

export function peerSessionConfig(
  options: Pick<SpeakerOptions, 'localAs' | 'routerId'>,
  config: PeerConfig,
  restart: RestartFeatures,
  dynamic: DynamicPeerRange | undefined,
): SessionConfig {
  const gr = restart.localGracefulRestart(config);
  return {
    localAs: options.localAs,
    routerId: options.routerId,
    peerAddress: config.address,
    peerAs: config.asn,
    passive: config.passive ?? false,
    families: config.families ?? FAMILIES,
    fsm: fsmConfig({
      ...(config.holdTimeSec === undefined ? {} : { holdTimeSec: config.holdTimeSec }),
      ...(config.keepaliveTimeSec === undefined ? {} : { keepaliveTimeSec: config.keepaliveTimeSec }),
      ...(config.connectRetryTimeSec === undefined
        ? {}
        : { connectRetryTimeSec: config.connectRetryTimeSec }),
    }),
    ...(config.port === undefined ? {} : { peerPort: config.port }),
    ...(config.sourceAddress === undefined ? {} : { sourceAddress: config.sourceAddress }),
    ...(gr === undefined ? {} : { gracefulRestart: gr }),
    ...transportFields(config),
    ...(dynamic === undefined ? {} : { peerAsRange: dynamic.asnRange }),
  };
}
