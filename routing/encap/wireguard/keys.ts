// The node's WireGuard key pair: X25519 from node:crypto, the private key kept in a file (base64, the
// format `wg genkey` writes) with mode 0600 that survives restarts, so peers keep trusting the same
// public key. Rotation writes a new file atomically (temporary file + rename): a crash leaves the old
// key or the new one, never half of either.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../../../common/index.js';
import { EncapError } from '../errors.js';

export const WG_KEY_BYTES = 32;

/** PKCS#8 wrapping of a raw X25519 private key (RFC 8410 §7): SEQUENCE, version 0, id-X25519, OCTET STRING. */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export interface WireGuardKeyPair {
  readonly privateKey: Buffer;
  readonly publicKey: Buffer;
}

/** A fresh pair. */
export function generateKeyPair(): WireGuardKeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.d === undefined) throw new EncapError('KEY_FILE', 'node:crypto exported an X25519 key without d');
  return keyPairFromPrivate(Buffer.from(jwk.d, 'base64url'));
}

/** The public key of a raw 32-byte X25519 private key (what `wg pubkey` computes). */
export function keyPairFromPrivate(privateKey: Buffer): WireGuardKeyPair {
  if (privateKey.length !== WG_KEY_BYTES) {
    throw new EncapError(
      'KEY_FILE',
      `a WireGuard private key has ${WG_KEY_BYTES} bytes, got ${privateKey.length}`,
    );
  }
  const der = Buffer.concat([PKCS8_X25519_PREFIX, privateKey]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const x = createPublicKey(key).export({ format: 'jwk' }).x;
  if (x === undefined) throw new EncapError('KEY_FILE', 'node:crypto derived an X25519 public key without x');
  return { privateKey: Buffer.from(privateKey), publicKey: Buffer.from(x, 'base64url') };
}

export function decodeKey(text: string, what: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== WG_KEY_BYTES || key.toString('base64') !== text.trim()) {
    throw new EncapError('INVALID_ARGUMENT', `${what} is not a base64 WireGuard key (32 bytes)`, {
      details: { what },
    });
  }
  return key;
}

/** Reads the key file; creates it with a new key if it does not exist. */
export async function loadOrCreateKeyPair(path: string): Promise<WireGuardKeyPair> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw keyFileError('read', path, err);
    const pair = generateKeyPair();
    await writeKeyFile(path, pair.privateKey);
    return pair;
  }
  let privateKey: Buffer;
  try {
    privateKey = decodeKey(text, `private key file ${path}`);
  } catch (err) {
    throw keyFileError('parse', path, err);
  }
  return keyPairFromPrivate(privateKey);
}

/** Writes `privateKey` to `path` (mode 0600) atomically. */
export async function writeKeyFile(path: string, privateKey: Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // The mode is set at creation, so the key is never readable by others, not even briefly.
    await fs.writeFile(temporary, privateKey.toString('base64') + '\n', { mode: 0o600, flag: 'w' });
    await fs.chmod(temporary, 0o600);
    await fs.rename(temporary, path);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw keyFileError('write', path, err);
  }
}

function keyFileError(what: string, path: string, err: unknown): EncapError {
  return new EncapError('KEY_FILE', `cannot ${what} the WireGuard key file ${path}: ${errorMessage(err)}`, {
    cause: err,
    details: { path },
  });
}
