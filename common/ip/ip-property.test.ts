// Seeded property tests: random inputs, fixed seeds, so every run checks the same cases and a failure
// message names a reproducible input. Node's own validators and the WHATWG URL serializer act as
// independent oracles for parsing and RFC 5952 formatting.

import { expect } from 'chai';
import { isIPv4, isIPv6 } from 'node:net';

import { createPrng, type Prng } from '../testing/prng.js';
import { IPv4Address } from './ipv4.js';
import { IPv6Address } from './ipv6.js';
import { parsePrefixLoose } from './prefix-parse.js';
import { Prefix } from './prefix.js';

const RUNS = 2000;

/** Random 128-bit value whose groups are zero half the time, so "::" placement gets exercised. */
function randomIPv6(rng: Prng): bigint {
  let value = 0n;
  for (let i = 0; i < 8; i++) {
    const group = rng.int(2) === 0 ? 0 : rng.int(3) === 0 ? rng.int(16) : rng.int(0x10000);
    value = (value << 16n) | BigInt(group);
  }
  return value;
}

/** Deletes, inserts or replaces one character: near-miss inputs are where parsers go wrong. */
function mutate(rng: Prng, text: string, alphabet: string): string {
  const at = rng.int(text.length + 1);
  const ch = alphabet[rng.int(alphabet.length)] as string;
  switch (rng.int(3)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + ch + text.slice(at);
    default:
      return text.slice(0, at) + ch + text.slice(at + 1);
  }
}

describe('IP property tests (seeded)', () => {
  it('IPv4: parse(format(x)) and fromBytes(toBytes(x)) round-trip (seed 1)', () => {
    const rng = createPrng(1);
    for (let i = 0; i < RUNS; i++) {
      const address = IPv4Address.fromNumber(rng.u32());
      const text = address.toString();
      expect(IPv4Address.parse(text).value, text).to.equal(address.value);
      expect(isIPv4(text), text).to.equal(true);
      expect(IPv4Address.fromBytes(address.toBytes()).value, text).to.equal(address.value);
    }
  });

  it('IPv4: strict parser agrees with node:net isIPv4 on mutated inputs (seed 2)', () => {
    const rng = createPrng(2);
    let accepted = 0;
    for (let i = 0; i < RUNS * 5; i++) {
      const valid = IPv4Address.fromNumber(
        rng.int(4) === 0 ? (rng.u32() & 0xff0f00ff) >>> 0 : rng.u32(),
      ).toString();
      const text = mutate(rng, valid, '0123456789.');
      const ours = (() => {
        try {
          return IPv4Address.parse(text);
        } catch {
          return undefined;
        }
      })();
      expect(ours !== undefined, JSON.stringify(text)).to.equal(isIPv4(text));
      if (ours !== undefined) accepted++;
    }
    // Both outcomes must actually occur, or the comparison proves nothing.
    expect(accepted).to.be.within(RUNS / 4, RUNS * 4);
  });

  it('IPv6: parse(format(x)) and fromBytes(toBytes(x)) round-trip (seed 3)', () => {
    const rng = createPrng(3);
    for (let i = 0; i < RUNS; i++) {
      const address = IPv6Address.fromBigInt(randomIPv6(rng));
      const text = address.toString();
      expect(IPv6Address.parse(text).value, text).to.equal(address.value);
      expect(IPv6Address.fromBytes(address.toBytes()).value, text).to.equal(address.value);
    }
  });

  it('IPv6: random bytes round-trip through fromBytes/toBytes (seed 4)', () => {
    const rng = createPrng(4);
    for (let i = 0; i < RUNS; i++) {
      const bytes = rng.bytes(16);
      const address = IPv6Address.fromBytes(bytes);
      expect([...address.toBytes()]).to.deep.equal([...bytes]);
      expect(IPv6Address.parse(address.toString()).equals(address)).to.equal(true);
    }
  });

  it('IPv6: formatting matches the WHATWG URL serializer (same RFC 5952 compression) (seed 5)', () => {
    const rng = createPrng(5);
    for (let i = 0; i < RUNS; i++) {
      const address = IPv6Address.fromBigInt(randomIPv6(rng));
      // URL prints IPv4-mapped addresses in hex; RFC 5952 section 5 (and we) use dotted quads there.
      if (address.isIPv4Mapped()) continue;
      const viaUrl = new URL(`http://[${address.toString()}]/`).hostname.slice(1, -1);
      expect(address.toString()).to.equal(viaUrl);
    }
  });

  it('IPv6: parser agrees with node:net isIPv6 on mutated inputs (seed 6)', () => {
    const rng = createPrng(6);
    let accepted = 0;
    for (let i = 0; i < RUNS * 5; i++) {
      const address = IPv6Address.fromBigInt(randomIPv6(rng));
      let text = address.toString();
      if (rng.int(4) === 0)
        text = `${text.replace(/::$/, '::0').replace(/:[0-9a-f]+:[0-9a-f]+$/, '')}:1.2.3.4`;
      text = mutate(rng, text, '0123456789abcdefABCDEF:.g');
      const ours = (() => {
        try {
          return IPv6Address.parse(text);
        } catch {
          return undefined;
        }
      })();
      expect(ours !== undefined, JSON.stringify(text)).to.equal(isIPv6(text));
      if (ours !== undefined) accepted++;
    }
    expect(accepted).to.be.within(RUNS / 4, RUNS * 4);
  });

  it('Prefix: significant bytes round-trip and the network contains every split part (seed 7)', () => {
    const rng = createPrng(7);
    for (let i = 0; i < RUNS; i++) {
      const v6 = rng.int(2) === 0;
      const length = rng.int(v6 ? 129 : 33);
      const address = v6 ? IPv6Address.fromBigInt(randomIPv6(rng)) : IPv4Address.fromNumber(rng.u32());
      const prefix = Prefix.containing(address, length);
      expect(prefix.contains(address), `${prefix} ∋ ${address}`).to.equal(true);
      expect(prefix.contains(prefix.last)).to.equal(true);
      expect(parsePrefixLoose(`${address}/${length}`).equals(prefix)).to.equal(true);
      const decoded = Prefix.fromSignificantBytes(prefix.family, length, prefix.significantBytes());
      expect(decoded.equals(prefix), prefix.toString()).to.equal(true);
      const newLength = Math.min(prefix.addressBits, length + rng.int(3));
      let count = 0;
      for (const part of prefix.split(newLength)) {
        expect(prefix.containsPrefix(part)).to.equal(true);
        count++;
      }
      expect(BigInt(count)).to.equal(1n << BigInt(newLength - length));
    }
  });
});
