/**
 * "Last error" in words for status and logs: "Received NOTIFICATION 2/2 Bad Peer AS",
 * "Sent NOTIFICATION 4/0 Hold Timer Expired", "Hold timer expired", "TCP connection failed: ECONNREFUSED".
 */
import { decodeShutdownCommunication, type DownCause, type Notification } from '../fsm/index.js';
import { describeNotificationCode } from '../wire/index.js';

export function describeNotificationShort(n: Notification): string {
  const words = describeNotificationCode(n.code, n.subcode);
  // "Open Message Error / Bad Peer AS" → "Bad Peer AS": the numbers already say which error code.
  const slash = words.indexOf(' / ');
  const short = `${n.code}/${n.subcode} ${slash >= 0 ? words.slice(slash + 3) : words}`;
  // RFC 9003: Cease / Administrative Shutdown (2) and Reset (4) may carry the operator's message.
  const message =
    n.code === CEASE && (n.subcode === 2 || n.subcode === 4)
      ? decodeShutdownCommunication(n.data)
      : undefined;
  return message === undefined ? short : `${short}, shutdown communication: ${JSON.stringify(message)}`;
}

const CEASE = 6;

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
