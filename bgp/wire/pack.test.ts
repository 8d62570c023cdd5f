import { expect } from 'chai';
import { IPv4Address, IPv6Address, Prefix } from '../../common/index.js';
import { codecContext } from './context.js';
import { decodeMessage } from './decode.js';
import type { Nlri, UpdateMessage } from './model.js';
import { encodeUpdates } from './pack.js';
import { encodeUpdate } from './update-encode.js';
import { CTX4, nlri4 } from './testing/build.js';

const attributes = {
  origin: 'igp',
  asPath: [{ type: 'as-sequence', asns: [65001] }],
  nextHop: IPv4Address.parse('10.0.0.1'),
  communities: [1, 2, 3],
} as const;

function prefixes(count: number): Nlri<4>[] {
  return Array.from({ length: count }, (_, i) => ({
    prefix: Prefix.of(IPv4Address.fromNumber(0x0a000000 + i * 256), 24),
  }));
}

function decodeAll(buffers: Buffer[], ctx = CTX4): UpdateMessage[] {
  return buffers.map((b) => {
    const r = decodeMessage(b, ctx);
    if (!r.ok || r.message.type !== 'update') return expect.fail('not a clean UPDATE');
    expect(r.report?.findings).to.deep.equal([]);
    return r.message;
  });
}

describe('encodeUpdates: packing an UPDATE into messages of at most 4096 (or 65535) octets', () => {
  it('a message that fits is exactly encodeUpdate()', () => {
    const message: UpdateMessage = { type: 'update', withdrawnRoutes: [], attributes, nlri: prefixes(10) };
    const out = encodeUpdates(message, CTX4);
    expect(out).to.have.length(1);
    expect(out[0]?.equals(encodeUpdate(message, CTX4))).to.equal(true);
  });

  it('3000 IPv4 prefixes with shared attributes: every message full but the last, all routes once', () => {
    const nlri = prefixes(3000);
    const out = encodeUpdates({ type: 'update', withdrawnRoutes: [], attributes, nlri }, CTX4);
    expect(out.length).to.equal(Math.ceil((3000 * 4) / (4096 - 23 - 37)));
    for (const b of out.slice(0, -1)) expect(b.length).to.be.within(4092, 4096);
    const decoded = decodeAll(out);
    for (const m of decoded) expect(m.attributes).to.deep.equal(attributes);
    expect(decoded.flatMap((m) => m.nlri)).to.deep.equal(nlri);
  });

  it('withdrawals go first, without attributes', () => {
    const out = encodeUpdates(
      { type: 'update', withdrawnRoutes: prefixes(2000), attributes, nlri: prefixes(5) },
      CTX4,
    );
    const decoded = decodeAll(out);
    expect(decoded.flatMap((m) => m.withdrawnRoutes)).to.have.length(2000);
    expect(
      decoded
        .filter((m) => m.withdrawnRoutes.length > 0)
        .every((m) => Object.keys(m.attributes).length === 0),
    ).to.equal(true);
    expect(decoded.at(-1)?.nlri).to.have.length(5);
  });

  it('RFC 4760: MP_REACH_NLRI and MP_UNREACH_NLRI routes are split the same way', () => {
    const v6 = Array.from({ length: 800 }, (_, i) => ({
      prefix: Prefix.of(IPv6Address.fromBigInt((0x20010db8n << 96n) + (BigInt(i) << 64n)), 64),
    }));
    const message: UpdateMessage = {
      type: 'update',
      withdrawnRoutes: [],
      attributes: { origin: 'igp', asPath: [] },
      mpReach: { family: 'ipv6-unicast', nextHop: IPv6Address.parse('2001:db8::1'), nlri: v6 },
      mpUnreach: { family: 'ipv6-unicast', withdrawnRoutes: v6 },
      nlri: [],
    };
    const out = encodeUpdates(message, CTX4);
    for (const b of out) expect(b.length).to.be.at.most(4096);
    const decoded = decodeAll(out);
    expect(decoded.flatMap((m): readonly Nlri[] => m.mpUnreach?.withdrawnRoutes ?? [])).to.deep.equal(v6);
    expect(decoded.flatMap((m): readonly Nlri[] => m.mpReach?.nlri ?? [])).to.deep.equal(v6);
  });

  it('RFC 8654: with Extended Message the same routes take far fewer messages', () => {
    const ctx = codecContext({ fourOctetAs: true, extendedMessage: true });
    const message: UpdateMessage = { type: 'update', withdrawnRoutes: [], attributes, nlri: prefixes(30000) };
    expect(encodeUpdates(message, ctx)).to.have.length(2);
  });

  it('RFC 7911: path identifiers count towards the size', () => {
    const ctx = codecContext({ fourOctetAs: true, addPath: ['ipv4-unicast'] });
    const nlri = prefixes(1000).map((n, i) => ({ ...n, pathId: i }));
    const out = encodeUpdates({ type: 'update', withdrawnRoutes: [], attributes, nlri }, ctx);
    for (const b of out) expect(b.length).to.be.at.most(4096);
    expect(decodeAll(out, ctx).flatMap((m) => m.nlri)).to.deep.equal(nlri);
  });

  it('MESSAGE_TOO_LONG when the attributes alone do not fit', () => {
    const huge = { ...attributes, communities: Array.from({ length: 1100 }, (_, i) => i) };
    expect(() =>
      encodeUpdates(
        { type: 'update', withdrawnRoutes: [], attributes: huge, nlri: [nlri4('10.0.0.0/8')] },
        CTX4,
      ),
    ).to.throw(/4096/);
  });
});
