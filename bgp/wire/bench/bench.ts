#!/usr/bin/env node
// Codec throughput on one core: UPDATE streams carrying 1M IPv4 prefixes, encoded (encodeUpdates packs
// them into 4096-octet messages) and decoded (Framer over 64 KiB chunks, then decodeMessage), next to a
// bare binary-parser NLRI loop over the same NLRI fields in the same run. Figures, not a test.
//
//   node dist/bgp/wire/bench/bench.js [--prefixes 1000000] [--runs 5]
import os from 'node:os';
import { Parser } from 'binary-parser';
import { IPv4Address, Prefix, TwillError } from '../../../common/index.js';
import { createPrng } from '../../../common/testing/prng.js';
import type { PathAttributes } from '../attributes/types.js';
import { codecContext } from '../context.js';
import { decodeMessage } from '../decode.js';
import { Framer } from '../framer.js';
import type { Nlri, UpdateMessage } from '../model.js';
import { decodeIpv4Nlri } from '../nlri.js';
import { encodeUpdates } from '../pack.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const PREFIXES = option('--prefixes', 1_000_000);
const RUNS = option('--runs', 5);
const ctx = codecContext({ fourOctetAs: true });
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * A table shaped roughly like the Internet's: 60% /24, 25% /22-/23, 15% /16-/21, at random unicast
 * addresses (overlaps and repeats are possible and do not matter to a codec).
 */
function table(count: number): Nlri<4>[] {
  const prng = createPrng(1);
  const out: Nlri<4>[] = [];
  for (let i = 0; i < count; i++) {
    const roll = prng.int(100);
    const length = roll < 60 ? 24 : roll < 85 ? 22 + prng.int(2) : 16 + prng.int(6);
    const address = IPv4Address.fromNumber(0x0100_0000 + prng.int(0xde00_0000));
    out.push({ prefix: Prefix.containing(address, length) });
  }
  return out;
}

const attributes: PathAttributes = {
  origin: 'igp',
  asPath: [{ type: 'as-sequence', asns: [65001, 4200000001, 65003] }],
  nextHop: IPv4Address.parse('10.0.0.1'),
  multiExitDisc: 10,
  communities: [0xfde80064, 0xfde800c8],
};

/**
 * Median seconds per workload. The workloads take turns (one warm-up round, then `runs` rounds), so a
 * neighbour's load on this shared machine hits them alike and the ratios stay meaningful.
 */
function timeTogether(
  runs: number,
  workloads: Record<string, () => number>,
): Record<string, { seconds: number; result: number }> {
  const samples: Record<string, number[]> = {};
  const results: Record<string, number> = {};
  for (let round = 0; round <= runs; round++) {
    for (const [name, fn] of Object.entries(workloads)) {
      const start = process.hrtime.bigint();
      results[name] = fn();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (round > 0) (samples[name] ??= []).push(seconds);
    }
  }
  const out: Record<string, { seconds: number; result: number }> = {};
  for (const [name, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    out[name] = { seconds: list[Math.floor(list.length / 2)] as number, result: results[name] as number };
  }
  return out;
}

const rate = (n: number, s: number) => `${(n / s / 1e6).toFixed(2)}M prefixes/s`;

const nlri = table(PREFIXES);
const message: UpdateMessage = { type: 'update', withdrawnRoutes: [], attributes, nlri };
const messages = encodeUpdates(message, ctx);
const stream = Buffer.concat(messages);
const fields = messages.map((m) => m.subarray(23 + m.readUInt16BE(21)));
const values = nlri.map((n) => n.prefix.network.value);
const lengths = nlri.map((n) => n.prefix.length);

// The reference: binary-parser's own loop over the same NLRI fields, yielding length + bytes per entry.
const bare = new Parser().array('nlri', {
  type: new Parser().uint8('length').buffer('prefix', {
    length: function (this: { length: number }) {
      return (this.length + 7) >> 3;
    },
  }),
  readUntil: 'eof',
});

const t = timeTogether(RUNS, {
  encode: () => encodeUpdates(message, ctx).length,
  decode: () => {
    const framer = new Framer();
    let prefixes = 0;
    for (let at = 0; at < stream.length; at += 65536) {
      framer.push(stream.subarray(at, at + 65536));
      for (const frame of framer.frames()) {
        if (!frame.ok) throw frame.error;
        const r = decodeMessage(frame.frame, ctx);
        if (!r.ok || r.message.type !== 'update')
          throw new TwillError('UNREACHABLE', 'a benchmark UPDATE did not decode');
        prefixes += r.message.nlri.length;
      }
    }
    return prefixes;
  },
  reference: () => {
    let prefixes = 0;
    for (const field of fields) prefixes += (bare.parse(field) as { nlri: unknown[] }).nlri.length;
    return prefixes;
  },
  // Where decoding spends its time: the NLRI fields alone, and building the Prefix values alone.
  nlriOnly: () => {
    let prefixes = 0;
    for (const field of fields) prefixes += decodeIpv4Nlri(field, false).length;
    return prefixes;
  },
  prefixOnly: () => {
    let sink = 0;
    for (let i = 0; i < values.length; i++) {
      sink += Prefix.containing(IPv4Address.fromNumber(values[i] as number), lengths[i] as number).length;
    }
    return sink > 0 ? values.length : 0;
  },
  // And a hand-written loop over the same bytes building the same values, for the choice between it
  // and binary-parser's loop in the IPv4 hot path.
  handLoop: () => {
    let prefixes = 0;
    for (const field of fields) prefixes += handWrittenIpv4Nlri(field).length;
    return prefixes;
  },
});

const line = (label: string, name: string) => {
  const { seconds } = t[name] as { seconds: number };
  say(`${label.padEnd(58)}${seconds.toFixed(3)} s  ${rate(PREFIXES, seconds)}`);
};
if (t['decode']?.result !== PREFIXES || t['reference']?.result !== PREFIXES) {
  throw new TwillError('UNREACHABLE', 'prefix counts differ');
}
say(
  `bgp/wire codec, ${PREFIXES} IPv4 prefixes in ${messages.length} UPDATEs (${(stream.length / 1e6).toFixed(1)} MB), median of ${RUNS}`,
);
say(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, one core, load average ${os.loadavg()[0]?.toFixed(1)}`,
);
line('encode (encodeUpdates, packing into 4096-octet messages):', 'encode');
line('decode (Framer + decodeMessage, Prefix objects):', 'decode');
line('reference: bare binary-parser NLRI loop:', 'reference');
say(`decode / reference: ${((t['reference']?.seconds ?? 0) / (t['decode']?.seconds ?? 1)).toFixed(2)}`);
line('  of which NLRI fields alone (decodeIpv4Nlri):', 'nlriOnly');
line('  of which Prefix values alone (Prefix + IPv4Address):', 'prefixOnly');
line('  NLRI fields with a hand-written loop instead:', 'handLoop');

function handWrittenIpv4Nlri(bytes: Buffer): Nlri<4>[] {
  const out: Nlri<4>[] = [];
  let at = 0;
  while (at < bytes.length) {
    const bits = bytes[at++] as number;
    const octets = (bits + 7) >> 3;
    if (bits > 32 || at + octets > bytes.length) throw new TwillError('UNREACHABLE', 'bad NLRI');
    let value = 0;
    for (let k = 0; k < octets; k++) value |= (bytes[at + k] as number) << (24 - 8 * k);
    at += octets;
    out.push({ prefix: Prefix.containing(IPv4Address.fromNumber(value >>> 0), bits) });
  }
  return out;
}
