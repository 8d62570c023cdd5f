// A pod for the conformance lab: run inside a pod's network namespace
// (`ip netns exec NS node pod-agent.js PORT...`). It serves TCP and UDP on each port, answering with
// the address it saw the client come from (so tests can tell NATed from direct traffic), and probes on
// request: one JSON line on stdin {id, timeoutMs, probes: [{ip, port, protocol}]} → one JSON line on
// stdout {id, results: [{ok, seenAs?}]}. All probes of a request run in parallel.
import dgram from 'node:dgram';
import net from 'node:net';
import readline from 'node:readline';

interface Probe {
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}
interface ProbeResult {
  ok: boolean;
  seenAs?: string;
}

const ports = process.argv.slice(2).map(Number);

function serve(port: number): Promise<void>[] {
  // A probe that gave up resets its connection; that is normal here, not a reason to die.
  const tcp = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(`${socket.remoteAddress ?? ''}\n`);
  });
  const udp = dgram.createSocket('udp4');
  udp.on('error', () => undefined);
  udp.on('message', (_msg, rinfo) => udp.send(rinfo.address, rinfo.port, rinfo.address));
  return [
    new Promise((resolve) => tcp.listen(port, '0.0.0.0', resolve)),
    new Promise((resolve) => udp.bind(port, '0.0.0.0', resolve)),
  ];
}

function probeTcp(p: Probe, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect({ host: p.ip, port: p.port });
    const timer = setTimeout(() => finish({ ok: false }), timeoutMs);
    function finish(r: ProbeResult): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    }
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('end', () => finish({ ok: true, seenAs: data.trim() }));
    socket.on('error', () => finish({ ok: false }));
  });
}

let udpSourcePort = 20_000;
function nextUdpSourcePort(): number {
  udpSourcePort = udpSourcePort >= 32_000 ? 20_000 : udpSourcePort + 1;
  return udpSourcePort;
}

function probeUdp(p: Probe, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => finish({ ok: false }), timeoutMs);
    function finish(r: ProbeResult): void {
      clearTimeout(timer);
      socket.close();
      resolve(r);
    }
    socket.on('message', (msg) => finish({ ok: true, seenAs: msg.toString() }));
    socket.on('error', () => finish({ ok: false }));
    // A fresh source port per probe, never a random one: a reused port would match a conntrack entry
    // that an earlier scenario's allowed probe left (UDP entries live 30 s), and pass as "established".
    socket.bind(nextUdpSourcePort(), () => socket.send('probe', p.port, p.ip));
  });
}

async function main(): Promise<void> {
  await Promise.all(ports.flatMap(serve));
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const req = JSON.parse(line) as { id: number; timeoutMs: number; probes: Probe[] };
    void Promise.all(
      req.probes.map((p) => (p.protocol === 'TCP' ? probeTcp(p, req.timeoutMs) : probeUdp(p, req.timeoutMs))),
    ).then((results) => process.stdout.write(`${JSON.stringify({ id: req.id, results })}\n`));
  });
  // The parent going away closes stdin: leave with it, never linger in the namespace.
  rl.on('close', () => process.exit(0));
  process.stdout.write('{"ready":true}\n');
}

void main();
