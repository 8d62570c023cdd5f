/**
 * Runs async tasks one at a time, in call order. One allocator serializes its own node's requests, as
 * Calico's CNI plugin does with a host-wide lock: parallel pods on one node would otherwise all race for
 * the same block and turn each allocation into a storm of compare-and-swap losses. Correctness never
 * depends on it (every write is still a CAS); only throughput does.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The chain must survive a failed task; the caller still sees the failure through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
