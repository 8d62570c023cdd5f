/**
 * The optional Authentication Section (RFC 5880 §4.2–§4.4) and its digests (§6.7.2–§6.7.4).
 * Simple Password carries the password itself; Keyed MD5/SHA1 carry a sequence number and a digest
 * computed over the whole packet with the key (zero-padded to the digest size) in the digest field.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { assertNever } from '../../common/index.js';
import { BfdError } from './bfd-error.js';

export type BfdAuthType =
  'simple-password' | 'keyed-md5' | 'meticulous-keyed-md5' | 'keyed-sha1' | 'meticulous-keyed-sha1';
export const BFD_AUTH_TYPES: readonly BfdAuthType[] = [
  'simple-password',
  'keyed-md5',
  'meticulous-keyed-md5',
  'keyed-sha1',
  'meticulous-keyed-sha1',
];

/** What an operator configures: the type, the Auth Key ID and the secret (password or key). */
export interface BfdAuthConfig {
  readonly type: BfdAuthType;
  readonly keyId: number;
  readonly secret: string;
}

export type BfdAuthSection =
  | { readonly type: 'simple-password'; readonly keyId: number; readonly password: Buffer }
  | {
      readonly type: Exclude<BfdAuthType, 'simple-password'>;
      readonly keyId: number;
      readonly sequence: number;
      readonly digest: Buffer;
    };

/** §4.1 "Auth Type" codes. */
export function authTypeCode(type: BfdAuthType): number {
  return BFD_AUTH_TYPES.indexOf(type) + 1;
}

export function isMeticulous(type: BfdAuthType): boolean {
  return type === 'meticulous-keyed-md5' || type === 'meticulous-keyed-sha1';
}

/** Digest size for the keyed types: MD5 16 bytes (§4.3), SHA1 20 bytes (§4.4). */
function digestLength(type: Exclude<BfdAuthType, 'simple-password'>): number {
  return type === 'keyed-md5' || type === 'meticulous-keyed-md5' ? 16 : 20;
}

/** Length of the section our configuration sends (the "Auth Len" field). */
export function authSectionLength(config: BfdAuthConfig): number {
  if (config.type === 'simple-password') return 3 + Buffer.byteLength(config.secret);
  return 8 + digestLength(config.type);
}

/** Decodes the section that starts at `offset` and runs to the end of `packet` (length already checked). */
export function decodeAuthSection(packet: Buffer, offset: number): BfdAuthSection {
  const rest = packet.length - offset;
  if (rest < 3) throw new BfdError('BAD_LENGTH', `authentication section of ${rest} bytes is too short`);
  const code = packet[offset] as number;
  const len = packet[offset + 1] as number;
  const keyId = packet[offset + 2] as number;
  const type = BFD_AUTH_TYPES[code - 1];
  if (type === undefined) throw new BfdError('BAD_AUTH', `unknown Auth Type ${code}`);
  if (len !== rest)
    throw new BfdError('BAD_LENGTH', `Auth Len ${len} does not match the ${rest} bytes after the header`);
  if (type === 'simple-password') {
    // §4.2: the password is 1 to 16 bytes.
    if (len < 4 || len > 19) throw new BfdError('BAD_LENGTH', `Simple Password Auth Len ${len} not 4..19`);
    return { type, keyId, password: Buffer.from(packet.subarray(offset + 3, offset + len)) };
  }
  const expected = 8 + digestLength(type);
  if (len !== expected) throw new BfdError('BAD_LENGTH', `${type} Auth Len ${len}, expected ${expected}`);
  return {
    type,
    keyId,
    sequence: packet.readUInt32BE(offset + 4),
    digest: Buffer.from(packet.subarray(offset + 8, offset + len)),
  };
}

/** Writes our section at `offset` (the packet is already sized for it) and computes the digest. */
export function writeAuthSection(
  packet: Buffer,
  offset: number,
  config: BfdAuthConfig,
  sequence: number,
): void {
  packet[offset] = authTypeCode(config.type);
  packet[offset + 1] = authSectionLength(config);
  packet[offset + 2] = config.keyId;
  const type = config.type;
  if (type === 'simple-password') {
    packet.write(config.secret, offset + 3);
    return;
  }
  packet[offset + 3] = 0;
  packet.writeUInt32BE(sequence >>> 0, offset + 4);
  const digestAt = offset + 8;
  keyField(type, config.secret).copy(packet, digestAt);
  digestOf(type, packet).copy(packet, digestAt);
}

/** §6.7.2–§6.7.4: does the received section match our configuration (key id, secret, digest)? */
export function verifyAuthSection(packet: Buffer, section: BfdAuthSection, config: BfdAuthConfig): boolean {
  if (section.type !== config.type || section.keyId !== config.keyId) return false;
  const type = section.type;
  switch (type) {
    case 'simple-password':
      return section.password.equals(Buffer.from(config.secret));
    case 'keyed-md5':
    case 'meticulous-keyed-md5':
    case 'keyed-sha1':
    case 'meticulous-keyed-sha1': {
      // Recompute with our key in place of the received digest (the digest is always the last bytes).
      const copy = Buffer.from(packet);
      const digestAt = copy.length - section.digest.length;
      keyField(type, config.secret).copy(copy, digestAt);
      return timingSafeEqual(digestOf(type, copy), section.digest);
    }
    default:
      return assertNever(type, 'BFD auth type');
  }
}

function keyField(type: Exclude<BfdAuthType, 'simple-password'>, secret: string): Buffer {
  const field = Buffer.alloc(digestLength(type));
  Buffer.from(secret).copy(field, 0, 0, field.length);
  return field;
}

function digestOf(type: Exclude<BfdAuthType, 'simple-password'>, packet: Buffer): Buffer {
  const md5 = type === 'keyed-md5' || type === 'meticulous-keyed-md5';
  return createHash(md5 ? 'md5' : 'sha1')
    .update(packet)
    .digest();
}
