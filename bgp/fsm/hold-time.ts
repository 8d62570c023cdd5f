/**
 * Hold Time negotiation (RFC 4271 §4.2, §10). The Hold Time is the smaller of the two proposals; zero means
 * neither side sends KEEPALIVEs nor runs a HoldTimer. One and two seconds are forbidden: §6.2 requires
 * rejecting them with OPEN Message Error / Unacceptable Hold Time.
 */

export const MAX_HOLD_TIME_SEC = 0xffff;

/** The smallest non-zero Hold Time RFC 4271 §4.2 allows. */
export const MIN_NONZERO_HOLD_TIME_SEC = 3;

export interface NegotiatedTimers {
  readonly holdTimeSec: number;
  /** 0 when holdTimeSec is 0: no KEEPALIVEs are sent (§4.4). */
  readonly keepaliveTimeSec: number;
}

/** True for 0 and for 3..65535 whole seconds. */
export function isAcceptableHoldTime(holdTimeSec: number): boolean {
  return (
    Number.isInteger(holdTimeSec) &&
    holdTimeSec <= MAX_HOLD_TIME_SEC &&
    (holdTimeSec === 0 || holdTimeSec >= MIN_NONZERO_HOLD_TIME_SEC)
  );
}

/**
 * Both Hold Times must be acceptable (check the peer's with isAcceptableHoldTime first). The KeepaliveTime
 * is a third of the Hold Time (§10 suggests it), or the configured one when that is smaller; whole seconds,
 * never below 1 while the Hold Time is non-zero.
 */
export function negotiateTimers(
  localHoldTimeSec: number,
  peerHoldTimeSec: number,
  configuredKeepaliveTimeSec?: number,
): NegotiatedTimers {
  const holdTimeSec = Math.min(localHoldTimeSec, peerHoldTimeSec);
  if (holdTimeSec === 0) return { holdTimeSec, keepaliveTimeSec: 0 };
  const third = Math.floor(holdTimeSec / 3);
  const keepaliveTimeSec =
    configuredKeepaliveTimeSec !== undefined && configuredKeepaliveTimeSec > 0
      ? Math.min(configuredKeepaliveTimeSec, third)
      : third;
  return { holdTimeSec, keepaliveTimeSec: Math.max(1, keepaliveTimeSec) };
}
