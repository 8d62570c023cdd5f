// Not a test: the same batch through the libnftables addon and piped to `nft -f -`, both timed, in a
// throw-away network namespace (needs root). `node dist/native/nftables/compare-nft-cli.js [elements]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { runNftBatch } from './nftables.js';

function batch(elements: number, table: string): string {
  const lines = [
    `add table inet ${table}`,
    `add set inet ${table} s { type ipv4_addr; }`,
    `add chain inet ${table} c`,
  ];
  for (let i = 0; i < elements; i += 500) {
    const chunk: string[] = [];
    for (let j = i; j < Math.min(elements, i + 500); j++)
      chunk.push(`10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`);
    lines.push(`add element inet ${table} s { ${chunk.join(', ')} }`);
  }
  for (let i = 0; i < 200; i++)
    lines.push(`add rule inet ${table} c ip saddr @s tcp dport ${1000 + i} accept`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const elements = Number(process.argv[2] ?? 50_000);
  const ns = `twt-nft-${process.pid}-bench`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    const netnsPath = `/run/netns/${ns}`;
    let t = process.hrtime.bigint();
    await runNftBatch(batch(elements, 'viaaddon'), { netnsPath });
    const addonMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: batch(elements, 'viacli') });
    const cliMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`nft -f - failed: ${r.stderr.toString()}`);
    process.stdout.write(
      `batch: ${elements} set elements + 200 rules\n` +
        `libnftables addon: ${addonMs.toFixed(1)} ms\n` +
        `nft -f - (pipe):   ${cliMs.toFixed(1)} ms\n`,
    );
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

void main();
