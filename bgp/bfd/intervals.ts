/**
 * Negotiated timers of an asynchronous-mode session (RFC 5880 §6.8.2–§6.8.4, §6.8.7), in microseconds
 * as on the wire.
 */

/** §6.8.7: we send no faster than the peer can receive: max(our DesiredMinTx, its RequiredMinRx). */
export function transmitIntervalUs(localDesiredMinTxUs: number, remoteMinRxUs: number): number {
  return Math.max(localDesiredMinTxUs, remoteMinRxUs);
}

/**
 * §6.8.4: in Asynchronous mode the Detection Time is the peer's Detect Mult times the agreed interval at
 * which it sends to us: max(our RequiredMinRx, its DesiredMinTx).
 */
export function detectionTimeUs(
  remoteDetectMult: number,
  localRequiredMinRxUs: number,
  remoteDesiredMinTxUs: number,
): number {
  return remoteDetectMult * Math.max(localRequiredMinRxUs, remoteDesiredMinTxUs);
}

/**
 * §6.8.7: each interval is reduced by a random 0–25% (so it is 75–100% of the nominal value); with a
 * Detect Mult of 1 by 10–25% (90% at most), so one late packet cannot look like a failure.
 * `random` returns a number in [0, 1).
 */
export function jitteredIntervalUs(intervalUs: number, detectMult: number, random: () => number): number {
  const r = random();
  const fraction = detectMult === 1 ? 0.75 + 0.15 * r : 0.75 + 0.25 * r;
  return Math.floor(intervalUs * fraction);
}
