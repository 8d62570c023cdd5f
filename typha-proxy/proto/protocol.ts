/**
 * # The twill-typha wire protocol, version 1
 *
 * One upstream watch in twill-typha, fanned out to many nodes. The format is language-neutral: fixed
 * binary frames, resources as UTF-8 JSON (the same JSON the datastore stores), hellos as JSON objects.
 *
 * ## Sequence
 *
 * ```
 *  node (client)                                                twill-typha (server)
 *    │ ══ TLS 1.2+, mutual: the server checks the client's CN / URI SAN ══════════════│
 *    │ ── HELLO {versions, features, kinds?, resume?: {epoch, position}} ───────────►│
 *    │ ◄─────────────────── HELLO {version, features, epoch, start: snapshot|resume} ─│
 *    │                                                                              │
 *    │   start = snapshot:                                                          │
 *    │ ◄─────────────────────────────────── SNAPSHOT_BATCH {resources} × n ─────────│ cache at position S
 *    │ ◄─────────────────────────────────── SNAPSHOT_END {S, status} ───────────────│ client diffs, reports
 *    │   start = resume (the client's position R is still in the server's window):  │
 *    │ ◄─────────────────────────────────── every DELTA / STATUS after R ───────────│
 *    │                                                                              │
 *    │ ◄─────────────────────────────────── DELTA {position, set|deleted, resource} │ serialized once,
 *    │ ◄─────────────────────────────────── STATUS {position, in-sync|resync|...} ──│ same bytes to all
 *    │ ◄── PING {position} ─────────────────────────────────────────────── PONG ───►│ both directions
 *    │ ── PING {0} ─────────────────────────────────────────────────────────────────►│
 *    │ ◄──────────────────────────────────────────────────────────────────── PONG ──│
 *    │ ◄─────────────────────────────── GOODBYE {reason, message} then close ───────│ e.g. over-capacity
 * ```
 *
 * ## Frames
 *
 * ```
 *  0               4       5       6
 *  ┌───────────────┬───────┬───────┬──────────────────────────────┐
 *  │ length (u32)  │ type  │ flags │ body (length − 2 bytes)       │
 *  └───────────────┴───────┴───────┴──────────────────────────────┘
 * ```
 *
 * All integers are big-endian. `length` counts type + flags + body (so it is at least 2) and must not
 * exceed the receiver's frame limit (default 4 MiB); a receiver checks it from the header alone, before
 * buffering the body. `flags` bit 0 = the body is raw DEFLATE (RFC 1951); the other bits are reserved and
 * must be zero. Bodies:
 *
 * | type | name           | body                                                                      |
 * |------|----------------|---------------------------------------------------------------------------|
 * | 1    | HELLO          | UTF-8 JSON object (see hello.ts)                                          |
 * | 2    | SNAPSHOT_BATCH | u32 count, then count × (u32 n, n bytes of resource JSON)                  |
 * | 3    | SNAPSHOT_END   | u64 position, u8 status                                                   |
 * | 4    | DELTA          | u64 position, u8 op (1 set, 2 deleted), resource JSON (rest of the body)  |
 * | 5    | STATUS         | u64 position, u8 status (1 wait-for-datastore, 2 resync, 3 in-sync)       |
 * | 6    | PING           | u64 position (the sender's stream position; a client sends 0)             |
 * | 7    | PONG           | empty                                                                     |
 * | 8    | GOODBYE        | UTF-8 JSON object {reason, message}                                       |
 *
 * A snapshot's position S may be a little behind the server's newest: a server may reuse snapshot
 * batches it built for an earlier client, and then sends every DELTA / STATUS after S, exactly as on a
 * resume. A client applies what follows SNAPSHOT_END the same way in both cases.
 *
 * A position numbers the server's stream: every DELTA and STATUS takes the next one. It is only
 * meaningful with the server's `epoch` (random per server process), so a client that moves to another
 * replica, or to a restarted one, gets a snapshot rather than a wrong resume. A PING from the server
 * carries its current position and is queued behind every frame before it, so a client that asked for a
 * subset of kinds still learns how far it is up to date (and resumes from there).
 *
 * ## Compatibility rules
 *
 * - HELLO and GOODBYE, and the frame header, are frozen for all versions: any two versions can always
 *   say which versions they speak, and why they hang up.
 * - The client lists the versions it speaks; the server answers with the highest one both speak, or a
 *   GOODBYE `unsupported-version` (then closes) when there is none.
 * - Features are negotiated: the agreed set is what both advertised, and neither side sends anything that
 *   needs a feature outside it (a compressed frame needs `deflate`; the server honours `resume` and `kinds`
 *   only when both sides have them; without `kinds` the client filters by itself).
 * - Unknown JSON fields in a HELLO or GOODBYE are ignored, so a version can add optional fields freely;
 *   anything else new (a message type, a flag bit, a field in a binary body) needs a feature or a version.
 * - A receiver that meets an unknown message type, a reserved flag bit, a frame over its limit, a body it
 *   cannot decode, or a message out of order (anything before HELLO, a second HELLO) sends GOODBYE with
 *   the reason when it can, and closes. It never tries to resynchronise a byte stream it cannot trust.
 */

import type { SyncStatus } from '../../datastore/index.js';

export const PROTOCOL_VERSIONS = [1] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/** length (u32) + type (u8) + flags (u8). */
export const FRAME_HEADER_BYTES = 6;
/** The length field counts type and flags too. */
export const FRAME_LENGTH_MIN = 2;
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

export const FLAG_DEFLATE = 0x01;
export const KNOWN_FLAGS = FLAG_DEFLATE;

export const MESSAGE_TYPES = {
  HELLO: 1,
  SNAPSHOT_BATCH: 2,
  SNAPSHOT_END: 3,
  DELTA: 4,
  STATUS: 5,
  PING: 6,
  PONG: 7,
  GOODBYE: 8,
} as const;
export type MessageTypeName = keyof typeof MESSAGE_TYPES;
export type MessageTypeCode = (typeof MESSAGE_TYPES)[MessageTypeName];

export function isMessageTypeCode(code: number): code is MessageTypeCode {
  return Object.values(MESSAGE_TYPES).some((known) => known === code);
}

/** `deflate`: compressed frames; `resume`: resume from a position; `kinds`: server-side kind filter. */
export const FEATURES = ['deflate', 'resume', 'kinds'] as const;
export type Feature = (typeof FEATURES)[number];

export const DELTA_OPS = { set: 1, deleted: 2 } as const;
export type DeltaOp = keyof typeof DELTA_OPS;

const STATUS_CODES: { readonly [S in SyncStatus]: number } = {
  'wait-for-datastore': 1,
  resync: 2,
  'in-sync': 3,
};

export function statusCode(status: SyncStatus): number {
  return STATUS_CODES[status];
}

export function statusFromCode(code: number): SyncStatus | undefined {
  for (const [status, known] of Object.entries(STATUS_CODES)) {
    if (known === code) return status as SyncStatus;
  }
  return undefined;
}
