// Run inside a pod's network namespace: `node connect-latency.js IP PORT COUNT`. Opens COUNT TCP
// connections one after another and prints, as one JSON line, the median and p90 time from connect()
// to the connection being established (SYN out, SYN-ACK back: the first packet of a flow, which is the
// one that walks the whole ruleset before conntrack takes over).
import net from 'node:net';

function once(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const socket = net.connect({ host, port });
    socket.setTimeout(2000, () => socket.destroy(new Error(`connect to ${host}:${port} timed out`)));
    socket.on('error', reject);
    socket.on('connect', () => {
      resolve(Number(process.hrtime.bigint() - start) / 1e3);
      socket.destroy();
    });
  });
}

async function main(): Promise<void> {
  const [host, port, count] = process.argv.slice(2);
  const us: number[] = [];
  for (let i = 0; i < Number(count ?? 200); i++) us.push(await once(host ?? '', Number(port)));
  us.sort((a, b) => a - b);
  const at = (q: number) => us[Math.min(us.length - 1, Math.floor(q * us.length))] ?? 0;
  process.stdout.write(`${JSON.stringify({ medianUs: at(0.5), p90Us: at(0.9), n: us.length })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
