// A pod for the conformance lab: run inside a pod's network namespace
// (`ip netns exec NS node pod-agent.js PORT...`). It serves TCP and UDP on each port, answering with
// the address it saw the client come from (so tests can tell NATed from direct traffic) and then, on
// TCP, echoing whatever the client sends (so a connection can stay open as a long-running flow).
// Requests are JSON lines on stdin, answers JSON lines on stdout {id, results: [{ok, seenAs?}]}:
//   {id, timeoutMs, probes: [{ip, port, protocol}]}     new connections, all in parallel
//   {id, op: 'open', flow, timeoutMs, probe}             opens flow number `flow` and keeps it
//   {id, op: 'ping', flow, timeoutMs}                    one round trip on that flow's 5-tuple
//   {id, op: 'close', flow}
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
interface Request {
  id: number;
  op?: 'probe' | 'open' | 'ping' | 'close';
  timeoutMs?: number;
  probes?: Probe[];
  probe?: Probe;
  flow?: number;
}

const ports = process.argv.slice(2).map(Number);

function serve(port: number): Promise<void>[] {
  // A probe that gave up resets its connection; that is normal here, not a reason to die.
  const tcp = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.write(`${socket.remoteAddress ?? ''}\n`);
    socket.on('data', (d) => socket.write(d));
  });
  const udp = dgram.createSocket('udp4');
  udp.on('error', () => undefined);
  udp.on('message', (_msg, rinfo) => udp.send(rinfo.address, rinfo.port, rinfo.address));
  return [
    new Promise((resolve) => tcp.listen(port, '0.0.0.0', resolve)),
    new Promise((resolve) => udp.bind(port, '0.0.0.0', resolve)),
  ];
}

/** Resolves with the first line the peer sends (or ok: false on timeout or error); keeps the socket. */
function firstLine(socket: net.Socket, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let data = '';
    const timer = setTimeout(() => finish({ ok: false }), timeoutMs);
    function finish(r: ProbeResult): void {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      resolve(r);
    }
    function onData(d: string): void {
      data += d;
      const at = data.indexOf('\n');
      if (at >= 0) finish({ ok: true, seenAs: data.slice(0, at) });
    }
    function onError(): void {
      finish({ ok: false });
    }
    socket.on('data', onData);
    socket.on('error', onError);
  });
}

function tcpConnect(p: Probe): net.Socket {
  const socket = net.connect({ host: p.ip, port: p.port });
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  return socket;
}

async function probeTcp(p: Probe, timeoutMs: number): Promise<ProbeResult> {
  const socket = tcpConnect(p);
  const r = await firstLine(socket, timeoutMs);
  socket.destroy();
  return r;
}

let udpSourcePort = 20_000;
function nextUdpSourcePort(): number {
  udpSourcePort = udpSourcePort >= 32_000 ? 20_000 : udpSourcePort + 1;
  return udpSourcePort;
}

function udpReply(socket: dgram.Socket, p: Probe, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish({ ok: false }), timeoutMs);
    function finish(r: ProbeResult): void {
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(r);
    }
    function onMessage(msg: Buffer): void {
      finish({ ok: true, seenAs: msg.toString() });
    }
    socket.on('message', onMessage);
    socket.send('probe', p.port, p.ip);
  });
}

// A fresh source port per probe, never a random one: a reused port would match a conntrack entry that
// an earlier scenario's allowed probe left (UDP entries live 30 s), and pass as "established".
async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(nextUdpSourcePort(), resolve));
  return socket;
}

async function probeUdp(p: Probe, timeoutMs: number): Promise<ProbeResult> {
  const socket = await udpSocket();
  const r = await udpReply(socket, p, timeoutMs);
  socket.close();
  return r;
}

interface Flow {
  readonly probe: Probe;
  readonly tcp?: net.Socket;
  readonly udp?: dgram.Socket;
}
const flows = new Map<number, Flow>();

async function openFlow(n: number, p: Probe, timeoutMs: number): Promise<ProbeResult> {
  if (p.protocol === 'TCP') {
    const tcp = tcpConnect(p);
    flows.set(n, { probe: p, tcp });
    return firstLine(tcp, timeoutMs);
  }
  const udp = await udpSocket();
  flows.set(n, { probe: p, udp });
  return udpReply(udp, p, timeoutMs);
}

/** One round trip on the flow's own 5-tuple: what conntrack knows as established. */
async function ping(n: number, timeoutMs: number): Promise<ProbeResult> {
  const flow = flows.get(n);
  if (flow === undefined) return { ok: false };
  if (flow.udp !== undefined) return udpReply(flow.udp, flow.probe, timeoutMs);
  const tcp = flow.tcp as net.Socket;
  if (tcp.destroyed) return { ok: false };
  const answer = firstLine(tcp, timeoutMs);
  tcp.write('ping\n');
  return answer;
}

function closeFlow(n: number): ProbeResult {
  const flow = flows.get(n);
  flows.delete(n);
  flow?.tcp?.destroy();
  flow?.udp?.close();
  return { ok: flow !== undefined };
}

async function handle(req: Request): Promise<ProbeResult[]> {
  const timeoutMs = req.timeoutMs ?? 300;
  switch (req.op ?? 'probe') {
    case 'probe':
      return Promise.all(
        (req.probes ?? []).map((p) =>
          p.protocol === 'TCP' ? probeTcp(p, timeoutMs) : probeUdp(p, timeoutMs),
        ),
      );
    case 'open':
      return [await openFlow(req.flow ?? 0, req.probe as Probe, timeoutMs)];
    case 'ping':
      return [await ping(req.flow ?? 0, timeoutMs)];
    case 'close':
      return [closeFlow(req.flow ?? 0)];
  }
}

async function main(): Promise<void> {
  await Promise.all(ports.flatMap(serve));
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const req = JSON.parse(line) as Request;
    void handle(req).then((results) => process.stdout.write(`${JSON.stringify({ id: req.id, results })}\n`));
  });
  // The parent going away closes stdin: leave with it, never linger in the namespace.
  rl.on('close', () => process.exit(0));
  process.stdout.write('{"ready":true}\n');
}

void main();
