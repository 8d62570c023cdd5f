/**
 * The invariants every input must keep, shared by the property tests, the fuzzer and the corpus
 * replay: decodeMessage() never throws; a fatal error is a typed session reset with a NOTIFICATION
 * (never the decoder's own failure); every UPDATE finding has a non-fatal RFC 7606 treatment; what
 * decodes re-encodes, decodes again, and reaches a fixed point after one normalizing round.
 */
import { isTwillError } from '../../../common/index.js';
import type { CodecContext } from '../context.js';
import { decodeMessage, type DecodeResult } from '../decode.js';
import { encodeMessage } from '../encode.js';
import { BgpWireError, UpdateMessageError } from '../errors.js';

/** What went wrong, or undefined when the input was handled correctly. */
export function checkInput(bytes: Uint8Array, ctx: CodecContext): string | undefined {
  const first = safeDecode(bytes, ctx);
  if (typeof first === 'string') return first;
  const classification = checkClassification(first);
  if (classification !== undefined || !first.ok) return classification;
  if (first.layout !== undefined) {
    const withLayout = safeEncode(first, ctx, true);
    if (typeof withLayout === 'string') return withLayout;
  }
  const once = safeEncode(first, ctx, false);
  if (once === undefined || typeof once === 'string') return once;
  const second = safeDecode(once, ctx);
  if (typeof second === 'string') return `re-encoded: ${second}`;
  if (!second.ok)
    return `the re-encoded message does not decode: ${second.error.code}: ${second.error.message}`;
  const twice = safeEncode(second, ctx, false);
  if (twice === undefined || typeof twice === 'string') return twice;
  const third = safeDecode(twice, ctx);
  if (typeof third === 'string' || !third.ok) return 'the twice re-encoded message does not decode';
  const thrice = safeEncode(third, ctx, false);
  if (typeof thrice === 'string') return thrice;
  if (thrice === undefined || !thrice.equals(twice)) return 're-encoding does not reach a fixed point';
  return undefined;
}

function safeDecode(bytes: Uint8Array, ctx: CodecContext): DecodeResult | string {
  try {
    return decodeMessage(bytes, ctx);
  } catch (err) {
    return `decodeMessage threw ${describe(err)}`;
  }
}

/** The encoding, undefined when the decoded message legitimately does not fit one message, or a problem. */
function safeEncode(
  result: DecodeResult & { ok: true },
  ctx: CodecContext,
  withLayout: boolean,
): Buffer | string | undefined {
  try {
    return encodeMessage(result.message, ctx, withLayout ? result.layout : undefined);
  } catch (err) {
    // Re-encoding can grow a message (RFC 6793 §4.2.2 sends the whole path as AS4_PATH).
    if (isTwillError(err, 'MESSAGE_TOO_LONG')) return undefined;
    return `re-encoding${withLayout ? ' with the layout' : ''} threw ${describe(err)}`;
  }
}

function checkClassification(result: DecodeResult): string | undefined {
  if (!result.ok) {
    const e = result.error;
    if (!(e instanceof BgpWireError)) return 'the error is not a BgpWireError';
    if (e.code === 'DECODER_FAILURE') return `decoder failure: ${e.message}`;
    if (e.treatment !== 'session-reset') return `a fatal error with treatment ${e.treatment}`;
    if (e.notification.code < 1 || e.notification.code > 7) return `NOTIFICATION code ${e.notification.code}`;
    return undefined;
  }
  if (result.message.type !== 'update') return undefined;
  for (const f of result.report?.findings ?? []) {
    if (!(f instanceof UpdateMessageError)) return 'a finding is not an UpdateMessageError';
    if (f.treatment === 'session-reset')
      return `finding ${f.code} says session-reset but the message was kept`;
    if (f.treatment === 'afi-safi-disable' && f.afiSafi === undefined)
      return `finding ${f.code} disables no family`;
    if (f.notification.code !== 3) return `finding ${f.code} has NOTIFICATION code ${f.notification.code}`;
  }
  return undefined;
}

function describe(err: unknown): string {
  if (isTwillError(err)) return `${err.name} ${err.code}: ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
