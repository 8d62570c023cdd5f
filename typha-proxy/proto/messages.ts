import { assertNever } from '../../common/index.js';
import type { SyncStatus } from '../../datastore/index.js';
import { ProtocolError } from './proto-error.js';
import {
  DELTA_OPS,
  MESSAGE_TYPES,
  statusCode,
  statusFromCode,
  type DeltaOp,
  type MessageTypeCode,
} from './protocol.js';

/** A decoded message. Resources stay as JSON bytes here: parsing them is the receiver's choice. */
export type Message =
  | { readonly type: 'HELLO'; readonly json: Buffer }
  | { readonly type: 'SNAPSHOT_BATCH'; readonly resources: readonly Buffer[] }
  | { readonly type: 'SNAPSHOT_END'; readonly position: number; readonly status: SyncStatus }
  | { readonly type: 'DELTA'; readonly position: number; readonly op: DeltaOp; readonly resource: Buffer }
  | { readonly type: 'STATUS'; readonly position: number; readonly status: SyncStatus }
  | { readonly type: 'PING'; readonly position: number }
  | { readonly type: 'PONG' }
  | { readonly type: 'GOODBYE'; readonly reason: string; readonly message: string };

/** One snapshot entry: u32 length + resource JSON. Built once per resource version and shared. */
export function encodeSnapshotEntry(resourceJson: Buffer): Buffer {
  const entry = Buffer.allocUnsafe(4 + resourceJson.length);
  entry.writeUInt32BE(resourceJson.length, 0);
  resourceJson.copy(entry, 4);
  return entry;
}

export function encodeSnapshotBatchBody(entries: readonly Buffer[]): Buffer {
  const count = Buffer.allocUnsafe(4);
  count.writeUInt32BE(entries.length, 0);
  return Buffer.concat([count, ...entries]);
}

export function encodeDeltaBody(position: number, op: DeltaOp, resourceJson: Buffer): Buffer {
  const head = Buffer.allocUnsafe(9);
  head.writeBigUInt64BE(BigInt(position), 0);
  head.writeUInt8(DELTA_OPS[op], 8);
  return Buffer.concat([head, resourceJson]);
}

/** SNAPSHOT_END and STATUS share a body: u64 position, u8 status. */
export function encodePositionStatusBody(position: number, status: SyncStatus): Buffer {
  const body = Buffer.allocUnsafe(9);
  body.writeBigUInt64BE(BigInt(position), 0);
  body.writeUInt8(statusCode(status), 8);
  return body;
}

export function encodePingBody(position: number): Buffer {
  const body = Buffer.allocUnsafe(8);
  body.writeBigUInt64BE(BigInt(position), 0);
  return body;
}

export function encodeGoodbyeBody(reason: string, message: string): Buffer {
  return Buffer.from(JSON.stringify({ reason, message }), 'utf8');
}

/** Decodes a plain (already inflated) body. MALFORMED_FRAME for anything that does not fit exactly. */
export function decodeMessage(type: MessageTypeCode, body: Buffer): Message {
  try {
    return decodeBody(type, body);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // Buffer reads past the end throw RangeError: the body is shorter than its type needs.
    throw new ProtocolError('MALFORMED_FRAME', `truncated body for message type ${type}`, {
      details: { type, bodyBytes: body.length },
      cause: error,
    });
  }
}

function decodeBody(type: MessageTypeCode, body: Buffer): Message {
  switch (type) {
    case MESSAGE_TYPES.HELLO:
      return { type: 'HELLO', json: body };
    case MESSAGE_TYPES.SNAPSHOT_BATCH:
      return { type: 'SNAPSHOT_BATCH', resources: decodeEntries(body) };
    case MESSAGE_TYPES.SNAPSHOT_END:
      exactLength(body, 9, type);
      return { type: 'SNAPSHOT_END', position: position(body), status: status(body) };
    case MESSAGE_TYPES.DELTA: {
      if (body.length < 10) throw malformed(type, 'delta body too short');
      const code = body.readUInt8(8);
      const op: DeltaOp | undefined =
        code === DELTA_OPS.set ? 'set' : code === DELTA_OPS.deleted ? 'deleted' : undefined;
      if (op === undefined) throw malformed(type, `unknown delta op ${code}`);
      return { type: 'DELTA', position: position(body), op, resource: body.subarray(9) };
    }
    case MESSAGE_TYPES.STATUS:
      exactLength(body, 9, type);
      return { type: 'STATUS', position: position(body), status: status(body) };
    case MESSAGE_TYPES.PING:
      exactLength(body, 8, type);
      return { type: 'PING', position: position(body) };
    case MESSAGE_TYPES.PONG:
      exactLength(body, 0, type);
      return { type: 'PONG' };
    case MESSAGE_TYPES.GOODBYE:
      return decodeGoodbye(body);
    default:
      return assertNever(type, 'message type');
  }
}

function decodeEntries(body: Buffer): Buffer[] {
  const count = body.readUInt32BE(0);
  const entries: Buffer[] = [];
  let offset = 4;
  for (let i = 0; i < count; i++) {
    const length = body.readUInt32BE(offset);
    offset += 4;
    if (offset + length > body.length) throw malformed(MESSAGE_TYPES.SNAPSHOT_BATCH, 'entry overruns body');
    entries.push(body.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== body.length) throw malformed(MESSAGE_TYPES.SNAPSHOT_BATCH, 'bytes after the last entry');
  return entries;
}

function decodeGoodbye(body: Buffer): Message {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed(MESSAGE_TYPES.GOODBYE, 'goodbye is not JSON');
  }
  const { reason, message } = (typeof json === 'object' && json !== null ? json : {}) as Record<
    string,
    unknown
  >;
  if (typeof reason !== 'string') throw malformed(MESSAGE_TYPES.GOODBYE, 'goodbye without a reason');
  return { type: 'GOODBYE', reason, message: typeof message === 'string' ? message : '' };
}

function position(body: Buffer): number {
  const value = body.readBigUInt64BE(0);
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ProtocolError('MALFORMED_FRAME', 'position beyond 2^53');
  return Number(value);
}

function status(body: Buffer): SyncStatus {
  const code = body.readUInt8(8);
  const decoded = statusFromCode(code);
  if (decoded === undefined) throw malformed(MESSAGE_TYPES.STATUS, `unknown status ${code}`);
  return decoded;
}

function exactLength(body: Buffer, bytes: number, type: number): void {
  if (body.length !== bytes) throw malformed(type, `body is ${body.length} bytes, expected ${bytes}`);
}

function malformed(type: number, message: string): ProtocolError {
  return new ProtocolError('MALFORMED_FRAME', `message type ${type}: ${message}`, { details: { type } });
}
