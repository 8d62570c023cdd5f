/**
 * Encoding an UPDATE of any size as as few messages as fit the session's limit (4096 octets, or 65535
 * with RFC 8654). The RIB hands over one logical UPDATE — routes sharing attributes, withdrawals — and
 * gets wire messages: withdrawals first, packed as densely as they go, then the announcements with the
 * attributes repeated in each message. When the whole UPDATE fits, the result is exactly encodeUpdate().
 */
import { MIN_UPDATE_LENGTH } from './constants.js';
import { maxMessageLength, type CodecContext } from './context.js';
import { isTwillError } from '../../common/index.js';
import { WireEncodeError } from './errors.js';
import type { Family } from './family.js';
import type { MpReachNlri, MpUnreachNlri, Nlri, UpdateMessage } from './model.js';
import { nlriLength } from './nlri.js';
import { encodeUpdate } from './update-encode.js';

/** Room for the MP attributes' Extended Length octet, which appears once they pass 255 octets. */
const EXTENDED_LENGTH_SLACK = 1;

export function encodeUpdates(message: UpdateMessage, ctx: CodecContext): Buffer[] {
  try {
    return [encodeUpdate(message, ctx)];
  } catch (err) {
    if (!isTwillError(err, 'MESSAGE_TOO_LONG')) throw err;
  }
  const max = maxMessageLength(ctx);
  const addPath = (family: Family) => ctx.addPath.includes(family);
  const out: Buffer[] = [];
  const empty: UpdateMessage = { type: 'update', withdrawnRoutes: [], attributes: {}, nlri: [] };

  for (const chunk of chunks(message.withdrawnRoutes, MIN_UPDATE_LENGTH, max, addPath('ipv4-unicast'))) {
    out.push(encodeUpdate({ ...empty, withdrawnRoutes: chunk }, ctx));
  }
  const unreach = message.mpUnreach;
  if (unreach !== undefined) {
    const base = size({ ...empty, mpUnreach: withWithdrawn(unreach, []) }, ctx) + EXTENDED_LENGTH_SLACK;
    for (const chunk of chunks<Nlri>(unreach.withdrawnRoutes, base, max, addPath(unreach.family))) {
      out.push(encodeUpdate({ ...empty, mpUnreach: withWithdrawn(unreach, chunk) }, ctx));
    }
  }
  const announce: UpdateMessage = { ...empty, attributes: message.attributes };
  if (message.nlri.length > 0) {
    const base = size(announce, ctx);
    for (const chunk of chunks(message.nlri, base, max, addPath('ipv4-unicast'))) {
      out.push(encodeUpdate({ ...announce, nlri: chunk }, ctx));
    }
  }
  const reach = message.mpReach;
  if (reach !== undefined) {
    const base = size({ ...announce, mpReach: withNlri(reach, []) }, ctx) + EXTENDED_LENGTH_SLACK;
    for (const chunk of chunks<Nlri>(reach.nlri, base, max, addPath(reach.family))) {
      out.push(encodeUpdate({ ...announce, mpReach: withNlri(reach, chunk) }, ctx));
    }
  }
  return out;
}

/** Encoded size of a message that has no routes; its attributes alone may already be too long. */
function size(message: UpdateMessage, ctx: CodecContext): number {
  return encodeUpdate(message, ctx).length;
}

/** Consecutive runs of `list` that each fit in `max` octets on top of `base`; none if the list is empty. */
function* chunks<T extends Nlri>(
  list: readonly T[],
  base: number,
  max: number,
  addPath: boolean,
): Generator<T[]> {
  let start = 0;
  while (start < list.length) {
    let used = base;
    let end = start;
    while (end < list.length && used + nlriLength(list[end] as T, addPath) <= max) {
      used += nlriLength(list[end] as T, addPath);
      end++;
    }
    if (end === start) {
      throw new WireEncodeError('MESSAGE_TOO_LONG', `the attributes leave no room for NLRI in ${max} octets`);
    }
    yield list.slice(start, end);
    start = end;
  }
}

function withNlri(reach: MpReachNlri, nlri: readonly Nlri[]): MpReachNlri {
  return { ...reach, nlri } as MpReachNlri;
}

function withWithdrawn(unreach: MpUnreachNlri, withdrawnRoutes: readonly Nlri[]): MpUnreachNlri {
  return { ...unreach, withdrawnRoutes } as MpUnreachNlri;
}
