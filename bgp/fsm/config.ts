import { FsmError } from './fsm-error.js';
import { isAcceptableHoldTime } from './hold-time.js';

/** Per-peer settings the FSM consults (RFC 4271 §8.1.1 attributes, values in seconds). */
export interface FsmConfig {
  /** The Hold Time we propose in our OPEN: 0 or 3..65535 (§4.2). */
  readonly holdTimeSec: number;
  /** Optional cap on the KeepaliveTime; otherwise a third of the negotiated Hold Time (§10). */
  readonly keepaliveTimeSec?: number;
  /** ConnectRetryTime; §10 suggests 120 s. Jittered (§10). */
  readonly connectRetryTimeSec: number;
  /** The HoldTimer while waiting for the peer's OPEN in OpenSent; §8.2.2 suggests 4 minutes. */
  readonly largeHoldTimeSec: number;
  /** The first IdleHoldTime after an error (§8.1.1 DampPeerOscillations). */
  readonly idleHoldTimeSec: number;
  /** IdleHoldTime doubles on each further error up to this cap. */
  readonly maxIdleHoldTimeSec: number;
  /** Double IdleHoldTime on repeated errors (§8.1.1 DampPeerOscillations); off: always idleHoldTimeSec. */
  readonly dampPeerOscillations: boolean;
  /** How long a session must stay Established before IdleHoldTime returns to idleHoldTimeSec. */
  readonly stableSessionSec: number;
}

/**
 * RFC 4271 §10's suggested timers; the damping values are Twill's: short enough that a node reconnects
 * within seconds of a switch coming back, doubling so that a flapping peer costs little.
 */
export const DEFAULT_FSM_CONFIG: FsmConfig = {
  holdTimeSec: 90,
  connectRetryTimeSec: 120,
  largeHoldTimeSec: 240,
  idleHoldTimeSec: 5,
  maxIdleHoldTimeSec: 120,
  dampPeerOscillations: true,
  stableSessionSec: 60,
};

/** Defaults overlaid with `overrides`, validated. */
export function fsmConfig(overrides: Partial<FsmConfig> = {}): FsmConfig {
  const config = { ...DEFAULT_FSM_CONFIG, ...overrides };
  validateFsmConfig(config);
  return config;
}

export function validateFsmConfig(config: FsmConfig): void {
  const problems: string[] = [];
  if (!isAcceptableHoldTime(config.holdTimeSec)) {
    problems.push(
      `holdTimeSec must be 0 or a whole number 3..65535 (RFC 4271 §4.2), got ${config.holdTimeSec}`,
    );
  }
  const positive = (name: keyof FsmConfig, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      problems.push(`${name} must be a positive number of seconds, got ${value}`);
    }
  };
  positive('keepaliveTimeSec', config.keepaliveTimeSec);
  positive('connectRetryTimeSec', config.connectRetryTimeSec);
  positive('largeHoldTimeSec', config.largeHoldTimeSec);
  positive('idleHoldTimeSec', config.idleHoldTimeSec);
  positive('maxIdleHoldTimeSec', config.maxIdleHoldTimeSec);
  positive('stableSessionSec', config.stableSessionSec);
  if (config.maxIdleHoldTimeSec < config.idleHoldTimeSec) {
    problems.push(
      `maxIdleHoldTimeSec (${config.maxIdleHoldTimeSec}) must not be below idleHoldTimeSec (${config.idleHoldTimeSec})`,
    );
  }
  if (problems.length > 0) {
    throw new FsmError('INVALID_FSM_CONFIG', `invalid FSM configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
}
