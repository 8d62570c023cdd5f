import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A benchmark child process (compiled script next to this one) with request/reply over Node IPC. */
export class BenchChild<In extends { type: string }, Out extends { type: string }> {
  private readonly child: ChildProcess;
  private readonly waiters: Array<{ type: string; resolve: (m: Out) => void; reject: (e: Error) => void }> =
    [];
  private exited: Error | undefined;

  constructor(
    readonly name: string,
    script: string,
  ) {
    this.child = fork(fileURLToPath(new URL(script, import.meta.url)), [], { stdio: 'inherit' });
    this.child.on('message', (message: Out) => {
      if (message.type === 'error') {
        this.failAll(new Error(`${name}: ${(message as unknown as { message: string }).message}`));
        return;
      }
      const index = this.waiters.findIndex((waiter) => waiter.type === message.type);
      const [waiter] = index < 0 ? [] : this.waiters.splice(index, 1);
      waiter?.resolve(message);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(`${name} exited (code ${code}, signal ${signal})`);
      this.failAll(this.exited);
    });
  }

  /** Sends `message` and resolves with the next reply of type `reply`, or rejects after `timeoutMs`. */
  request<T extends Out['type']>(
    message: In,
    reply: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    if (this.exited !== undefined) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${reply} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        type: reply,
        resolve: (m) => (clearTimeout(timer), resolve(m as Extract<Out, { type: T }>)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send(message);
    });
  }

  /** Asks the child to stop (`message`), and kills it if it has not exited within `timeoutMs`. */
  async stop(message: In, timeoutMs = 10_000): Promise<void> {
    if (this.exited !== undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send(message);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
