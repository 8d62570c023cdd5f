/**
 * An unbounded push → async-iterator bridge for watch streams. Producers (an etcd watcher's event
 * emitter, the in-memory store) push synchronously in order; the consumer pulls with `for await`.
 * Unbounded on purpose: dropping or reordering events would be worse, and a consumer that cannot keep
 * up is the Syncer's (or typha's) problem to detect, not the transport's.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiter: ((error: unknown) => void) | undefined;
  private ended = false;
  private error: unknown;
  private readonly onClose: () => void;

  constructor(onClose: () => void = () => {}) {
    this.onClose = onClose;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended) return;
    if (this.waiter !== undefined) this.settle({ value: item, done: false });
    else this.items.push(item);
  }

  /** No more items; the consumer drains what is queued, then iteration finishes. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiter !== undefined && this.items.length === 0) this.settle({ value: undefined, done: true });
  }

  /** Ends the stream with an error, thrown to the consumer after the queued items. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.error = error;
    this.ended = true;
    if (this.failWaiter !== undefined && this.items.length === 0) {
      const reject = this.failWaiter;
      this.waiter = undefined;
      this.failWaiter = undefined;
      reject(error);
    }
  }

  /** Consumer side: stop, drop anything queued and release the producer. */
  close(): void {
    this.items.length = 0;
    const wasEnded = this.ended;
    this.ended = true;
    this.error = undefined;
    if (this.waiter !== undefined) this.settle({ value: undefined, done: true });
    if (!wasEnded) this.onClose();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
    if (this.ended) {
      if (this.error !== undefined) {
        const error = this.error;
        this.error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  private settle(result: IteratorResult<T>): void {
    const resolve = this.waiter;
    this.waiter = undefined;
    this.failWaiter = undefined;
    resolve?.(result);
  }
}
