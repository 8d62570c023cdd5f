/**
 * The BFD Control packet (RFC 5880 §4.1): a 24-byte mandatory section, optionally followed by an
 * Authentication Section. Decoding applies the header checks of §6.8.6 that need no session; a failed
 * check is a BfdError and the packet is discarded.
 *
 *  0                   1                   2                   3
 *  |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 *  |                       My Discriminator                        |
 *  |                      Your Discriminator                       |
 *  |                    Desired Min TX Interval                    |
 *  |                   Required Min RX Interval                    |
 *  |                 Required Min Echo RX Interval                 |
 */
import { BfdError } from './bfd-error.js';
import {
  authSectionLength,
  decodeAuthSection,
  writeAuthSection,
  type BfdAuthConfig,
  type BfdAuthSection,
} from './auth-section.js';
import { BFD_HEADER_LENGTH, BFD_VERSION, stateCode, stateFromCode, type BfdState } from './constants.js';

export interface BfdControlPacket {
  readonly version: number;
  readonly diag: number;
  readonly state: BfdState;
  readonly poll: boolean;
  readonly final: boolean;
  /** C bit: BFD does not share fate with the control plane (§4.1, RFC 5882 §4.3). */
  readonly controlPlaneIndependent: boolean;
  readonly demand: boolean;
  readonly multipoint: boolean;
  readonly detectMult: number;
  readonly myDiscriminator: number;
  readonly yourDiscriminator: number;
  readonly desiredMinTxUs: number;
  readonly requiredMinRxUs: number;
  readonly requiredMinEchoRxUs: number;
  /** Present when the A bit is set. */
  readonly auth?: BfdAuthSection;
}

/** Decodes and checks a received packet (§6.8.6, the checks before the session is selected). */
export function decodeControlPacket(bytes: Uint8Array): BfdControlPacket {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < BFD_HEADER_LENGTH)
    throw new BfdError('BAD_LENGTH', `packet of ${b.length} bytes is shorter than the 24-byte header`);
  const version = (b[0] as number) >> 5;
  if (version !== BFD_VERSION) throw new BfdError('BAD_VERSION', `version ${version}, expected 1`);
  const flags = b[1] as number;
  const authPresent = (flags & 0x04) !== 0;
  const length = b[3] as number;
  const minLength = authPresent ? BFD_HEADER_LENGTH + 2 : BFD_HEADER_LENGTH;
  if (length < minLength) throw new BfdError('BAD_LENGTH', `Length ${length} is below ${minLength}`);
  if (length > b.length)
    throw new BfdError('BAD_LENGTH', `Length ${length} is larger than the ${b.length}-byte payload`);
  const detectMult = b[2] as number;
  if (detectMult === 0) throw new BfdError('ZERO_DETECT_MULT', 'Detect Mult is zero');
  const multipoint = (flags & 0x01) !== 0;
  if (multipoint) throw new BfdError('MULTIPOINT', 'the Multipoint bit is set');
  const myDiscriminator = b.readUInt32BE(4);
  if (myDiscriminator === 0) throw new BfdError('ZERO_MY_DISCRIMINATOR', 'My Discriminator is zero');
  const yourDiscriminator = b.readUInt32BE(8);
  const state = stateFromCode(flags >> 6);
  if (yourDiscriminator === 0 && state !== 'Down' && state !== 'AdminDown')
    throw new BfdError('ZERO_YOUR_DISCRIMINATOR', `Your Discriminator is zero in state ${state}`);
  const packet = b.subarray(0, length);
  return {
    version,
    diag: (b[0] as number) & 0x1f,
    state,
    poll: (flags & 0x20) !== 0,
    final: (flags & 0x10) !== 0,
    controlPlaneIndependent: (flags & 0x08) !== 0,
    demand: (flags & 0x02) !== 0,
    multipoint,
    detectMult,
    myDiscriminator,
    yourDiscriminator,
    desiredMinTxUs: b.readUInt32BE(12),
    requiredMinRxUs: b.readUInt32BE(16),
    requiredMinEchoRxUs: b.readUInt32BE(20),
    ...(authPresent ? { auth: decodeAuthSection(packet, BFD_HEADER_LENGTH) } : {}),
  };
}

export type BfdPacketFields = Omit<BfdControlPacket, 'version' | 'auth' | 'multipoint'>;

/** Encodes a packet; with `auth`, appends our Authentication Section and computes its digest. */
export function encodeControlPacket(
  p: BfdPacketFields,
  auth?: { readonly config: BfdAuthConfig; readonly sequence: number },
): Buffer {
  const length = BFD_HEADER_LENGTH + (auth === undefined ? 0 : authSectionLength(auth.config));
  const b = Buffer.alloc(length);
  b[0] = (BFD_VERSION << 5) | (p.diag & 0x1f);
  b[1] =
    (stateCode(p.state) << 6) |
    (p.poll ? 0x20 : 0) |
    (p.final ? 0x10 : 0) |
    (p.controlPlaneIndependent ? 0x08 : 0) |
    (auth !== undefined ? 0x04 : 0) |
    (p.demand ? 0x02 : 0);
  b[2] = p.detectMult;
  b[3] = length;
  b.writeUInt32BE(p.myDiscriminator >>> 0, 4);
  b.writeUInt32BE(p.yourDiscriminator >>> 0, 8);
  b.writeUInt32BE(p.desiredMinTxUs >>> 0, 12);
  b.writeUInt32BE(p.requiredMinRxUs >>> 0, 16);
  b.writeUInt32BE(p.requiredMinEchoRxUs >>> 0, 20);
  if (auth !== undefined) writeAuthSection(b, BFD_HEADER_LENGTH, auth.config, auth.sequence);
  return b;
}
