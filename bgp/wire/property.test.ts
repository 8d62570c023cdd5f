// Property tests (fast-check): valid messages round-trip; mutated ones never escape the decoder and
// always come out as a typed RFC 7606 classification (testing/oracle.ts says exactly what is checked).
import { expect } from 'chai';
import fc from 'fast-check';
import { createPrng } from '../../common/testing/prng.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import type { UpdateMessage } from './model.js';
import { contextArb, messageWithContextArb, updateArb } from './testing/arbitraries.js';
import { applyMutation, mutate, type MutationName } from './testing/mutate.js';
import { checkInput } from './testing/oracle.js';

const RUNS = { numRuns: 400 };

describe('properties (fast-check)', () => {
  it('every valid message decodes to itself, with no findings (RFC 4271 §4)', () => {
    fc.assert(
      fc.property(messageWithContextArb, ({ ctx, message }) => {
        const r = decodeMessage(encodeMessage(message, ctx), ctx);
        if (!r.ok) return expect.fail(`${r.error.code}: ${r.error.message}`);
        expect(r.message).to.deep.equal(message);
        expect(r.report?.findings ?? []).to.deep.equal([]);
      }),
      RUNS,
    );
  });

  it('the canonical encoding is stable: encode(decode(encode(m))) = encode(m)', () => {
    fc.assert(
      fc.property(messageWithContextArb, ({ ctx, message }) => {
        const bytes = encodeMessage(message, ctx);
        const r = decodeMessage(bytes, ctx);
        expect(r.ok && encodeMessage(r.message, ctx).equals(bytes)).to.equal(true);
      }),
      RUNS,
    );
  });

  const families: Array<[string, MutationName[]]> = [
    ['bit flips', ['bit-flip']],
    ['byte changes', ['byte-set']],
    ['length changes', ['length-field']],
    ['truncation', ['truncate']],
    ['extension and splices', ['extend', 'splice']],
    [
      'attribute shuffles, duplicates and drops',
      ['attribute-shuffle', 'attribute-duplicate', 'attribute-drop'],
    ],
  ];
  for (const [what, names] of families) {
    it(`mutated messages (${what}) never throw out of the decoder and always map to an RFC 7606 treatment`, () => {
      fc.assert(
        fc.property(
          messageWithContextArb,
          fc.integer(),
          fc.boolean(),
          ({ ctx, message }, seed, fixLength) => {
            const prng = createPrng(seed);
            let bytes = encodeMessage(message, ctx);
            for (let i = 0; i < 1 + prng.int(3); i++)
              bytes = applyMutation(names[prng.int(names.length)] as MutationName, bytes, prng, bytes);
            if (fixLength && bytes.length >= 19 && bytes.length <= 0xffff)
              bytes.writeUInt16BE(bytes.length, 16);
            expect(checkInput(bytes, ctx)).to.equal(undefined);
          },
        ),
        RUNS,
      );
    });
  }

  it('UPDATEs with every attribute shuffled keep their meaning (RFC 4271 §5: order is not significant)', () => {
    fc.assert(
      fc.property(
        contextArb.chain((ctx) => updateArb(ctx).map((message) => ({ ctx, message }))),
        fc.integer(),
        ({ ctx, message }, seed) => {
          const bytes = applyMutation(
            'attribute-shuffle',
            encodeMessage(message, ctx),
            createPrng(seed),
            Buffer.alloc(0),
          );
          const r = decodeMessage(bytes, ctx);
          if (!r.ok || r.message.type !== 'update')
            return expect.fail(r.ok ? 'not an UPDATE' : r.error.message);
          // Unknown attributes are kept in wire order, so compare them as a set.
          const byCode = (m: UpdateMessage) => ({
            ...m,
            attributes: {
              ...m.attributes,
              unknown: [...(m.attributes.unknown ?? [])].sort((x, y) => x.code - y.code),
            },
          });
          expect(byCode(r.message)).to.deep.equal(byCode(message));
        },
      ),
      RUNS,
    );
  });

  it("mixed mutations of several steps (the fuzzer's own mix)", () => {
    fc.assert(
      fc.property(messageWithContextArb, messageWithContextArb, fc.integer(), (a, b, seed) => {
        const bytes = mutate(
          encodeMessage(a.message, a.ctx),
          createPrng(seed),
          encodeMessage(b.message, b.ctx),
          5,
        );
        expect(checkInput(bytes, a.ctx)).to.equal(undefined);
      }),
      RUNS,
    );
  });
});
