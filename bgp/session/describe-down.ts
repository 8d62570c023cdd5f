/**
 * "Last error" in words for status and logs: "Received NOTIFICATION 2/2 Bad Peer AS",
 * "Sent NOTIFICATION 4/0 Hold Timer Expired", "Hold timer expired", "TCP connection failed: ECONNREFUSED".
 */
import type { DownCause, Notification } from '../fsm/index.js';
import { describeNotificationCode } from '../wire/index.js';

export function describeNotificationShort(n: Notification): string {
  const words = describeNotificationCode(n.code, n.subcode);
  // "Open Message Error / Bad Peer AS" → "Bad Peer AS": the numbers already say which error code.
  const slash = words.indexOf(' / ');
  return `${n.code}/${n.subcode} ${slash >= 0 ? words.slice(slash + 3) : words}`;
}

export function describeDownCause(cause: DownCause, socketError?: string): string {
  if (cause.received !== undefined)
    return `Received NOTIFICATION ${describeNotificationShort(cause.received)}`;
  if (cause.sent !== undefined) return `Sent NOTIFICATION ${describeNotificationShort(cause.sent)}`;
  switch (cause.event) {
    case 'HoldTimer_Expires':
      return 'Hold timer expired';
    case 'TcpConnectionFails':
      return socketError === undefined ? 'TCP connection failed' : `TCP connection failed: ${socketError}`;
    case 'ManualStop':
      return 'Stopped by the operator';
    default:
      return cause.event;
  }
}
