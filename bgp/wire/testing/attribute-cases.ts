/**
 * Helpers for the attribute tests: an IPv4 route carrying the attribute under test, its single finding,
 * and the byte-exact re-encoding check. Test-only (imports chai), like common/testing/expect-error.ts.
 */
import { expect } from 'chai';
import type { PathAttributes } from '../attributes/types.js';
import type { CodecContext } from '../context.js';
import { encodeMessage } from '../encode.js';
import type { UpdateMessageError } from '../errors.js';
import { attribute, CTX4, decodeOk, ipv4Nlri, mandatory, updateFrame } from './build.js';

/** An IPv4 route to 10.1.0.0/16 with the mandatory attributes plus `extra`. */
export function route(extra: Buffer[], ctx: CodecContext = CTX4, base: Buffer[] = mandatory()) {
  return decodeOk(updateFrame({ attributes: [...base, ...extra], nlri: ipv4Nlri('10.1.0.0/16') }), ctx);
}

export function attributesOf(extra: Buffer[], ctx: CodecContext = CTX4): PathAttributes {
  const base = ctx.fourOctetAs
    ? mandatory()
    : [attribute(0x40, 1, '00'), attribute(0x40, 2, '02 01 fde9'), attribute(0x40, 3, '0a000001')];
  const r = route(extra, ctx, base);
  expect(r.report?.findings.map((f) => f.message)).to.deep.equal([]);
  return r.message.type === 'update' ? r.message.attributes : expect.fail('not an UPDATE');
}

/** The single finding of a route with `extra`; checks code, subcode, treatment and data. */
export function finding(
  extra: Buffer[],
  expected: { code: string; subcode: number; treatment: string; data?: Buffer },
  ctx = CTX4,
  base?: Buffer[],
): UpdateMessageError {
  const r = route(extra, ctx, base);
  const findings = r.report?.findings ?? [];
  expect(findings.map((f) => f.code)).to.deep.equal([expected.code]);
  const f = findings[0] as UpdateMessageError;
  expect(f.treatment).to.equal(expected.treatment);
  expect(f.notification.code).to.equal(3);
  expect(f.notification.subcode).to.equal(expected.subcode);
  if (expected.data !== undefined)
    expect(f.notification.data.toString('hex')).to.equal(expected.data.toString('hex'));
  return f;
}

/** Re-encoding the decoded UPDATE with its layout gives the same bytes. */
export function expectByteExact(bytes: Buffer, ctx: CodecContext = CTX4): void {
  const r = decodeOk(bytes, ctx);
  expect(encodeMessage(r.message, ctx, r.layout).toString('hex')).to.equal(bytes.toString('hex'));
}

export const [originIgp, asPath65001, nextHop] = mandatory() as [Buffer, Buffer, Buffer];
