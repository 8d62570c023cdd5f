#!/usr/bin/env node
// Turns one capture from capture/capture.sh into vectors, one JSON object per line (see README.md):
//
//   node dist/bgp/wire/vectors/extract-pcap.js LINK < capture/pcap/LINK.pcap >> bgp/wire/vectors/vectors.jsonl
//
// Each BGP message becomes a vector with where it came from (lab-vectors.ts).
// Stdin and stdout only: bgp/wire is a pure layer, the shell does the file handling.
import { vectorsFrom } from './lab-vectors.js';
import { extractBgpMessages } from './pcap.js';

async function main(): Promise<void> {
  const link = process.argv[2];
  if (link === undefined) {
    process.stderr.write('usage: extract-pcap LINK < LINK.pcap >> vectors.jsonl\n');
    process.exitCode = 2;
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  for (const v of vectorsFrom(link, extractBgpMessages(Buffer.concat(chunks)))) {
    process.stdout.write(`${JSON.stringify(v)}\n`);
  }
}

await main();
