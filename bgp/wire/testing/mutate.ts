/**
 * Mutations of valid messages for the property tests and the fuzzer: bit flips, byte changes, length
 * field changes, truncation, extension, splices, and for UPDATEs attribute shuffles, duplications and
 * drops with the lengths fixed up, so mutants get past the header checks and reach the deep decoders.
 */
import type { Prng } from '../../../common/testing/prng.js';
import { HEADER_LENGTH } from '../constants.js';

export type MutationName =
  | 'bit-flip'
  | 'byte-set'
  | 'length-field'
  | 'truncate'
  | 'extend'
  | 'splice'
  | 'attribute-shuffle'
  | 'attribute-duplicate'
  | 'attribute-drop';

export const MUTATIONS: readonly MutationName[] = [
  'bit-flip',
  'byte-set',
  'length-field',
  'truncate',
  'extend',
  'splice',
  'attribute-shuffle',
  'attribute-duplicate',
  'attribute-drop',
];

const INTERESTING = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x0f, 0x10, 0x1f, 0x20, 0x21, 0x40, 0x7f, 0x80, 0x81, 0xc0, 0xe0, 0xfe, 0xff,
];

/**
 * Applies 1..maxSteps random mutations and, most of the time, sets the header Length to the result's
 * real length (otherwise nearly every mutant would only exercise Bad Message Length).
 */
export function mutate(input: Uint8Array, prng: Prng, donor?: Uint8Array, maxSteps = 3): Buffer {
  let bytes: Buffer = Buffer.from(input);
  const steps = 1 + prng.int(maxSteps);
  for (let i = 0; i < steps; i++) {
    const name = MUTATIONS[prng.int(MUTATIONS.length)] as MutationName;
    bytes = applyMutation(name, bytes, prng, donor ?? input);
  }
  if (bytes.length >= HEADER_LENGTH && prng.int(4) !== 0 && bytes.length <= 0xffff)
    bytes.writeUInt16BE(bytes.length, 16);
  return bytes;
}

export function applyMutation(name: MutationName, bytes: Buffer, prng: Prng, donor: Uint8Array): Buffer {
  if (bytes.length === 0) return Buffer.from(donor);
  const at = prng.int(bytes.length);
  switch (name) {
    case 'bit-flip': {
      const out = Buffer.from(bytes);
      out[at] = (out[at] as number) ^ (1 << prng.int(8));
      return out;
    }
    case 'byte-set': {
      const out = Buffer.from(bytes);
      out[at] = prng.int(2) === 0 ? (INTERESTING[prng.int(INTERESTING.length)] as number) : prng.int(256);
      return out;
    }
    case 'length-field': {
      // A 2-octet field anywhere after the marker, nudged by a small amount or set to an extreme.
      if (bytes.length < HEADER_LENGTH + 2) return bytes;
      const out = Buffer.from(bytes);
      const pos = 16 + prng.int(out.length - 17);
      const value = out.readUInt16BE(pos);
      const choices = [
        value + 1,
        value - 1,
        value + 2 + prng.int(8),
        value - 2 - prng.int(8),
        0,
        0xffff,
        prng.int(0x10000),
      ];
      out.writeUInt16BE((choices[prng.int(choices.length)] as number) & 0xffff, pos);
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, prng.int(bytes.length));
    case 'extend':
      return Buffer.concat([bytes, prng.bytes(1 + prng.int(16))]);
    case 'splice': {
      const from = prng.int(donor.length);
      const piece = donor.subarray(from, from + 1 + prng.int(32));
      return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at + prng.int(8))]);
    }
    case 'attribute-shuffle':
    case 'attribute-duplicate':
    case 'attribute-drop':
      return mutateAttributes(name, bytes, prng);
  }
}

/** Splits a well-formed UPDATE's attributes, changes the list, and rebuilds the lengths; else unchanged. */
function mutateAttributes(name: MutationName, bytes: Buffer, prng: Prng): Buffer {
  const parts = splitUpdate(bytes);
  if (parts === undefined || parts.attributes.length === 0) return bytes;
  const list = [...parts.attributes];
  if (name === 'attribute-shuffle') {
    for (let i = list.length - 1; i > 0; i--) {
      const j = prng.int(i + 1);
      [list[i], list[j]] = [list[j] as Buffer, list[i] as Buffer];
    }
  } else if (name === 'attribute-duplicate') {
    list.splice(prng.int(list.length + 1), 0, list[prng.int(list.length)] as Buffer);
  } else {
    list.splice(prng.int(list.length), 1);
  }
  const attributes = Buffer.concat(list);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(attributes.length & 0xffff);
  const out = Buffer.concat([parts.head, length, attributes, parts.nlri]);
  if (out.length <= 0xffff) out.writeUInt16BE(out.length, 16);
  return out;
}

interface UpdateParts {
  /** Header, Withdrawn Routes Length and Withdrawn Routes. */
  readonly head: Buffer;
  readonly attributes: Buffer[];
  readonly nlri: Buffer;
}

export function splitUpdate(bytes: Buffer): UpdateParts | undefined {
  if (bytes.length < 23 || bytes[18] !== 2) return undefined;
  const withdrawnEnd = 21 + bytes.readUInt16BE(19);
  if (withdrawnEnd + 2 > bytes.length) return undefined;
  const attributesEnd = withdrawnEnd + 2 + bytes.readUInt16BE(withdrawnEnd);
  if (attributesEnd > bytes.length) return undefined;
  const attributes: Buffer[] = [];
  let at = withdrawnEnd + 2;
  while (at < attributesEnd) {
    if (at + 3 > attributesEnd) return undefined;
    const extended = ((bytes[at] as number) & 0x10) !== 0;
    if (extended && at + 4 > attributesEnd) return undefined;
    const length = extended ? bytes.readUInt16BE(at + 2) : (bytes[at + 2] as number);
    const end = at + (extended ? 4 : 3) + length;
    if (end > attributesEnd) return undefined;
    attributes.push(bytes.subarray(at, end));
    at = end;
  }
  return { head: bytes.subarray(0, withdrawnEnd), attributes, nlri: bytes.subarray(attributesEnd) };
}
