/**
 * Per-peer message counters: UPDATEs received and sent, NOTIFICATIONs sent and received by error code
 * and subcode. They are read from the wire bytes themselves (RFC 4271 §4.1 header: 16-octet marker,
 * 2-octet length, 1-octet type; §4.5: a NOTIFICATION's code and subcode follow the header), so every
 * message counts once however it was produced (FSM, send queue, a route refresh answer) and a malformed
 * UPDATE still counts as an UPDATE received. Kept by the PeerSession, so they survive reconnects and
 * count since the speaker started, like a Prometheus counter.
 */
import { HEADER_LENGTH, MessageType, notificationCodeName, notificationSubcodeName } from '../wire/index.js';

const MARKER_LENGTH = 16;

/** NOTIFICATIONs with one code and subcode, named as RFC 4271 §4.5 / RFC 4486 name them. */
export interface NotificationCount {
  /** "Cease", "Hold Timer Expired", ... */
  readonly code: string;
  /** "Administrative Shutdown", "Unspecific" (subcode 0), ... */
  readonly subcode: string;
  readonly codeNumber: number;
  readonly subcodeNumber: number;
  readonly count: number;
}

export interface MessageCountersStatus {
  readonly updatesReceived: number;
  readonly updatesSent: number;
  readonly notificationsSent: readonly NotificationCount[];
  readonly notificationsReceived: readonly NotificationCount[];
}

export class MessageCounters {
  private updatesIn = 0;
  private updatesOut = 0;
  private readonly notificationsIn = new Map<number, number>();
  private readonly notificationsOut = new Map<number, number>();

  /** One whole message as the framer cut it. */
  received(frame: Buffer): void {
    this.count(frame, 'in');
  }

  /** Bytes written to the socket: one or more whole messages. */
  sent(bytes: Buffer): void {
    // A buffer may carry several messages back to back; walk their headers.
    let at = 0;
    while (at + HEADER_LENGTH <= bytes.length) {
      const length = bytes.readUInt16BE(at + MARKER_LENGTH);
      if (length < HEADER_LENGTH || at + length > bytes.length) return;
      this.count(bytes.subarray(at, at + length), 'out');
      at += length;
    }
  }

  /** Counts each buffer of `source` as it is pulled (the send queue pulls just before writing). */
  *counting(source: Iterable<Buffer>): Generator<Buffer> {
    for (const bytes of source) {
      this.sent(bytes);
      yield bytes;
    }
  }

  status(): MessageCountersStatus {
    return {
      updatesReceived: this.updatesIn,
      updatesSent: this.updatesOut,
      notificationsSent: named(this.notificationsOut),
      notificationsReceived: named(this.notificationsIn),
    };
  }

  private count(message: Buffer, direction: 'in' | 'out'): void {
    if (message.length < HEADER_LENGTH) return;
    const type = message[MARKER_LENGTH + 2];
    if (type === MessageType.UPDATE) {
      if (direction === 'in') this.updatesIn++;
      else this.updatesOut++;
    } else if (type === MessageType.NOTIFICATION && message.length >= HEADER_LENGTH + 2) {
      // Key: code × 256 + subcode (both one octet, §4.5).
      const key = (message[HEADER_LENGTH] as number) * 256 + (message[HEADER_LENGTH + 1] as number);
      const counts = direction === 'in' ? this.notificationsIn : this.notificationsOut;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
}

function named(counts: ReadonlyMap<number, number>): NotificationCount[] {
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, count]) => {
      const codeNumber = Math.floor(key / 256);
      const subcodeNumber = key % 256;
      return {
        code: notificationCodeName(codeNumber),
        subcode: notificationSubcodeName(codeNumber, subcodeNumber),
        codeNumber,
        subcodeNumber,
        count,
      };
    });
}
