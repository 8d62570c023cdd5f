/**
 * Writes the Path Attributes field of an UPDATE from the model. Canonical form: MP_REACH_NLRI and
 * MP_UNREACH_NLRI first (RFC 7606 §5.1), the others in ascending type code (RFC 4271 §5 "SHOULD"), the
 * Extended Length bit only above 255 octets, and for an OLD peer AS4_PATH / AS4_AGGREGATOR added where
 * RFC 6793 §4.2.2 needs them. A layout from the decoder overrides order and Extended Length use.
 */
import { Writer } from '../../../common/index.js';
import { AttributeCode, AttributeFlag } from '../constants.js';
import type { CodecContext } from '../context.js';
import { WireEncodeError } from '../errors.js';
import type { UpdateLayout } from '../layout.js';
import type { UpdateMessage } from '../model.js';
import { as4PathOf, needsAs4Path } from './as4.js';
import { ATTRIBUTES, attributeCodec, type AnyAttributeCodec } from './registry.js';
import type { AttributeCodec, AttributeKey, DecodedAttributes } from './types.js';

interface Entry {
  readonly code: number;
  readonly flags: number;
  readonly write: (w: Writer) => void;
}

const BY_KEY = new Map<string, AnyAttributeCodec>(ATTRIBUTES.map((a) => [a.key, a]));

export function encodeAttributes(
  message: UpdateMessage,
  w: Writer,
  ctx: CodecContext,
  layout?: UpdateLayout,
): void {
  const entries = attributeEntries(message, ctx);
  for (const entry of ordered(entries, layout)) {
    const value = new Writer(64);
    entry.write(value);
    const bytes = value.toBuffer();
    const extended = bytes.length > 255 || (layout?.extendedLength.includes(entry.code) ?? false);
    w.u8(entry.flags | (extended ? AttributeFlag.EXTENDED_LENGTH : 0)).u8(entry.code);
    if (extended) w.u16(bytes.length);
    else w.u8(bytes.length);
    w.bytes(bytes);
  }
}

function attributeEntries(message: UpdateMessage, ctx: CodecContext): Map<number, Entry> {
  const fields: DecodedAttributes = { ...message.attributes };
  const all: Record<string, unknown> = { ...fields, mpReach: message.mpReach, mpUnreach: message.mpUnreach };
  if (!ctx.fourOctetAs) {
    if (fields.asPath !== undefined && needsAs4Path(fields.asPath)) all['as4Path'] = as4PathOf(fields.asPath);
    if (fields.aggregator !== undefined && fields.aggregator.asn > 0xffff)
      all['as4Aggregator'] = fields.aggregator;
  }
  const entries = new Map<number, Entry>();
  for (const [key, value] of Object.entries(all)) {
    if (value === undefined || key === 'unknown') continue;
    const codec = BY_KEY.get(key);
    if (codec === undefined) throw invalid(`unknown attribute field ${key}`);
    checkNotEmpty(codec, value);
    const encode = codec.encode as AttributeCodec<AttributeKey>['encode'];
    entries.set(codec.code, {
      code: codec.code,
      flags: codec.flags,
      write: (w) => encode(value as never, w, ctx),
    });
  }
  for (const u of message.attributes.unknown ?? []) {
    if (attributeCodec(u.code) !== undefined || entries.has(u.code))
      throw invalid(`attribute ${u.code} cannot be an unknown attribute here`);
    // RFC 4271 §5: passing on an unrecognized optional transitive attribute sets the Partial bit.
    const flags = AttributeFlag.OPTIONAL | AttributeFlag.TRANSITIVE | AttributeFlag.PARTIAL;
    entries.set(u.code, { code: u.code, flags, write: (w) => w.bytes(u.value) });
  }
  return entries;
}

/** RFC 7606 §7.8, §7.10, RFC 8092 §6: these lists are malformed when empty, so never send one. */
function checkNotEmpty(codec: AnyAttributeCodec, value: unknown): void {
  if (
    Array.isArray(value) &&
    value.length === 0 &&
    codec.code !== AttributeCode.AS_PATH &&
    codec.code !== AttributeCode.AS4_PATH
  ) {
    throw invalid(`${codec.name} with no entries is malformed`);
  }
}

function ordered(entries: Map<number, Entry>, layout: UpdateLayout | undefined): Entry[] {
  const out: Entry[] = [];
  const taken = new Set<number>();
  const take = (code: number): void => {
    const entry = entries.get(code);
    if (entry === undefined || taken.has(code)) return;
    taken.add(code);
    out.push(entry);
  };
  for (const code of layout?.attributeOrder ?? []) take(code);
  take(AttributeCode.MP_REACH_NLRI);
  take(AttributeCode.MP_UNREACH_NLRI);
  for (const code of [...entries.keys()].sort((a, b) => a - b)) take(code);
  return out;
}

function invalid(message: string): WireEncodeError {
  return new WireEncodeError('INVALID_MESSAGE', `UPDATE: ${message}`);
}
