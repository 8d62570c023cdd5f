/**
 * The words for a connection attempt that got no answer at all before the ConnectRetry timer
 * (RFC 4271 §8.2.2, Connect state). With TCP MD5 or GTSM the peer's kernel silently drops segments it
 * will not take (RFC 2385 §2: unsigned or badly signed segments; RFC 5082 §3: low TTL), so a silent
 * peer is the only symptom: say what to check.
 */
import type { TransportSecurity } from './ttl-security.js';

export interface Md5Counters {
  /** TcpExt TCPMD5Failure + TCPMD5NotFound + TCPMD5Unexpected of this network namespace. */
  readonly failures: number;
}

export function describeNoAnswer(security: TransportSecurity, counters?: Md5Counters): string {
  const hints: string[] = [];
  if (security.md5Key !== undefined) {
    const seen =
      counters !== undefined && counters.failures > 0 ? `; kernel MD5 drops: ${counters.failures}` : '';
    hints.push(`MD5 key mismatch or missing?${seen}`);
  }
  if (security.minTtl !== undefined)
    hints.push(`peer more than ${256 - security.minTtl} hop(s) away (GTSM)?`);
  else if (security.ttl === 1) hints.push('peer not directly connected (eBGP TTL 1; set multihopTtl)?');
  return hints.length === 0
    ? 'TCP connection failed: no answer'
    : `TCP connection failed: no answer — ${hints.join(' ')}`;
}

/** The MD5 counters from the text of /proc/net/netstat (a "TcpExt:" header line, then its values). */
export function parseMd5Counters(netstat: string): Md5Counters | undefined {
  const lines = netstat.split('\n').filter((l) => l.startsWith('TcpExt:'));
  if (lines.length < 2) return undefined;
  const names = (lines[0] as string).split(/\s+/);
  const values = (lines[1] as string).split(/\s+/);
  let failures = 0;
  let found = false;
  names.forEach((name, i) => {
    if (name === 'TCPMD5Failure' || name === 'TCPMD5NotFound' || name === 'TCPMD5Unexpected') {
      failures += Number(values[i] ?? 0);
      found = true;
    }
  });
  return found ? { failures } : undefined;
}
