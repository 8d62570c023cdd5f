/**
 * The graceful restart and max-prefix columns of `twillctl bgp peers` (the JSON has the full detail):
 * GR "helper: restarting, stale ipv4-unicast, 87s left", "on (peer 120s, F ipv4-unicast)", "off";
 * MAX PREFIX "ipv4-unicast 4/5 warning", and while held down "down 42s: maximum prefixes reached ...".
 */
import type { PeerStatusWithCounts } from '../../bgp/speaker/index.js';

export function gracefulRestartColumn(p: PeerStatusWithCounts): string {
  const gr = p.gracefulRestart;
  if (gr === undefined || !gr.enabled) return 'off';
  const h = gr.helper;
  if (h !== undefined) {
    const stale = h.staleFamilies.length === 0 ? '' : `, stale ${h.staleFamilies.join(' ')}`;
    return `helper: ${h.state}${stale}, ${h.timerRemainingSec}s left`;
  }
  const parts: string[] = [];
  if (gr.peer !== undefined) {
    const fwd = gr.peer.forwardingFamilies.length === 0 ? '' : `, F ${gr.peer.forwardingFamilies.join(' ')}`;
    const llst = Object.entries(gr.peer.longLivedStaleTimeSec ?? {});
    const ll = llst.length === 0 ? '' : `, LLGR ${llst.map(([f, t]) => `${f} ${t}s`).join(' ')}`;
    parts.push(`peer ${gr.peer.restartTimeSec}s${gr.peer.restartState ? ' R' : ''}${fwd}${ll}`);
  }
  if (gr.deferringForPeer) parts.push('deferring: waiting for End-of-RIB');
  return parts.length === 0 ? 'on' : `on (${parts.join('; ')})`;
}

export function maxPrefixColumn(p: PeerStatusWithCounts): string {
  const parts = Object.entries(p.maxPrefix ?? {}).map(
    ([family, s]) => `${family} ${s.received}/${s.limit}${s.state === 'ok' ? '' : ` ${s.state}`}`,
  );
  if (p.heldDown !== undefined) parts.unshift(`down ${p.heldDown.remainingSec}s: ${p.heldDown.reason}`);
  return parts.length === 0 ? '-' : parts.join('; ');
}
