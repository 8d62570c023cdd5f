// Not a test: the same batch through the libnftables addon and piped to `nft -f -`, timed, in a
// throw-away network namespace (needs root). Each size runs several rounds; the order of the two
// alternates per round (so neither always pays for a cold cache or a freshly freed kernel table), and
// medians are printed with the ratio. Each run replaces the whole table (delete + add in one batch), as
// the policy table's full apply does.
//   node dist/native/nftables/compare-nft-cli.js [--sizes 100,5000,50000] [--rounds 5]
import { execFileSync, spawn } from 'node:child_process';
import { runNftBatch } from './nftables.js';

function batch(elements: number, rules: number, table: string): string {
  const lines = [
    `add table inet ${table}`,
    `delete table inet ${table}`,
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
  for (let i = 0; i < rules; i++)
    lines.push(`add rule inet ${table} c ip saddr @s tcp dport ${1000 + (i % 60000)} accept`);
  return `${lines.join('\n')}\n`;
}

function pipeToNft(ns: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`nft -f - failed: ${err}`))));
    child.stdin.end(text);
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const sizes = flag('--sizes', '100,5000,50000').split(',').map(Number);
  const rounds = Number(flag('--rounds', '5'));
  const ns = `twt-nftcmp-${process.pid}-0`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    const netnsPath = `/run/netns/${ns}`;
    process.stdout.write(`rounds per size: ${rounds} (order alternates); medians\n`);
    process.stdout.write('elements  rules  | addon ms | nft -f - ms | cli/addon\n');
    for (const elements of sizes) {
      const rules = Math.max(10, Math.round(elements / 25));
      const text = batch(elements, rules, 'cmp');
      const addon: number[] = [];
      const cli: number[] = [];
      const runAddon = async () =>
        addon.push(await timed(async () => void (await runNftBatch(text, { netnsPath }))));
      const runCli = async () => cli.push(await timed(() => pipeToNft(ns, text)));
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          await runAddon();
          await runCli();
        } else {
          await runCli();
          await runAddon();
        }
      }
      const a = median(addon);
      const c = median(cli);
      process.stdout.write(
        `${String(elements).padStart(8)}  ${String(rules).padStart(5)}  | ${a.toFixed(1).padStart(8)} | ` +
          `${c.toFixed(1).padStart(11)} | ${(c / a).toFixed(2)}x\n`,
      );
    }
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

void main();
