/**
 * Replay protection for the keyed authentication types (RFC 5880 §6.7.3, §6.7.4): once a sequence
 * number is known, the next one must lie in [RcvAuthSeq, RcvAuthSeq + 3 × Detect Mult] (keyed) or
 * (RcvAuthSeq, RcvAuthSeq + 3 × Detect Mult] (meticulous), modulo 2^32.
 */
export function sequenceAcceptable(
  known: number | undefined,
  received: number,
  detectMult: number,
  meticulous: boolean,
): boolean {
  if (known === undefined) return true;
  const ahead = (received - known) >>> 0; // distance forward, modulo 2^32
  const min = meticulous ? 1 : 0;
  return ahead >= min && ahead <= 3 * detectMult;
}
