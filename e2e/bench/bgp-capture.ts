// Timestamps BGP UPDATEs on a node's fabric link with tcpdump (kernel capture time, `-tt`): when an
// UPDATE announcing a prefix left the node and when one arrived at it. Together with the kernel route
// monitors this splits a node's own share (datastore → UPDATE out; UPDATE in → kernel route) from the
// routers' share. Only IPv4 NLRI in the UPDATE body (`Updated routes:`) is read: the bench pool is IPv4.
import { spawn, type ChildProcess } from 'node:child_process';

export type Direction = 'in' | 'out';

/** Parses `tcpdump -l -n -tt -v` BGP output line by line; calls `found` per announced prefix. */
export class TcpdumpBgpParser {
  private packetAtMs = NaN;
  private direction: Direction | undefined;
  private inUpdated = false;

  constructor(
    /** The node's own address: packets from it go out. */
    private readonly self: string,
    private readonly found: (direction: Direction, prefix: string, atMs: number) => void,
  ) {}

  line(line: string): void {
    const start = /^(\d+)\.(\d+) IP /.exec(line);
    if (start !== null) {
      this.packetAtMs = Number(start[1]) * 1000 + Number(`0.${start[2] as string}`) * 1000;
      this.direction = undefined;
      this.inUpdated = false;
      return;
    }
    const header = /^\s+(\d+\.\d+\.\d+\.\d+)\.\d+ > \d+\.\d+\.\d+\.\d+\.\d+:/.exec(line);
    if (header !== null) {
      this.direction = header[1] === this.self ? 'out' : 'in';
      return;
    }
    if (/Updated routes:/.test(line)) {
      this.inUpdated = true;
      return;
    }
    if (/Withdrawn routes:|Message \(\d+\)/.test(line)) {
      this.inUpdated = false;
      return;
    }
    const prefix = /^\s+(\d+\.\d+\.\d+\.\d+\/\d+)\s*$/.exec(line);
    if (this.inUpdated && prefix !== null && this.direction !== undefined)
      this.found(this.direction, prefix[1] as string, this.packetAtMs);
  }
}

export class BgpUpdateCapture {
  private readonly child: ChildProcess;
  private buffer = '';
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (t: number) => void>();

  constructor(ns: string, iface: string, self: string) {
    const parser = new TcpdumpBgpParser(self, (direction, prefix, atMs) => {
      const key = `${direction} ${prefix}`;
      if (this.seen.has(key)) return;
      this.seen.set(key, atMs);
      this.waiting.get(key)?.(atMs);
      this.waiting.delete(key);
    });
    this.child = spawn(
      'ip',
      ['netns', 'exec', ns, 'tcpdump', '-l', '-n', '-tt', '-v', '-i', iface, 'tcp', 'port', '179'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) parser.line(line);
    });
  }

  /** Wall-clock ms of the first UPDATE announcing `prefix` in `direction` (NaN after `timeoutMs`). */
  first(direction: Direction, prefix: string, timeoutMs: number): Promise<number> {
    const key = `${direction} ${prefix}`;
    const seen = this.seen.get(key);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(NaN), timeoutMs);
      this.waiting.set(key, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }

  stop(): void {
    this.child.kill();
  }
}
