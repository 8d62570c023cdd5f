import { TwillError } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';

export class SimulatedCrash extends TwillError<'SIMULATED_CRASH'> {}

/**
 * A backend that "kills the process" after a number of successful writes: the write that would exceed
 * the budget is not performed, and every call after it fails, as if the process died there. Reads before
 * the crash go through, so the victim behaves normally up to the chosen step.
 */
export class CrashingBackend implements Backend {
  private writes = 0;
  private crashed = false;

  constructor(
    private readonly inner: Backend,
    private readonly writesBeforeCrash: number,
  ) {}

  get hasCrashed(): boolean {
    return this.crashed;
  }

  get: Backend['get'] = (kind, name, namespace) => this.guard(() => this.inner.get(kind, name, namespace));
  list: Backend['list'] = (kind, options) => this.guard(() => this.inner.list(kind, options));
  watch: Backend['watch'] = (kind, options) => {
    this.check();
    return this.inner.watch(kind, options);
  };
  create: Backend['create'] = (resource) => this.write(() => this.inner.create(resource));
  update: Backend['update'] = (resource) => this.write(() => this.inner.update(resource));
  delete: Backend['delete'] = (kind, name, options) =>
    this.write(() => this.inner.delete(kind, name, options));
  close: Backend['close'] = () => this.inner.close();

  private async write<T>(operation: () => Promise<T>): Promise<T> {
    this.check();
    if (this.writes >= this.writesBeforeCrash) {
      this.crashed = true;
      this.check();
    }
    this.writes++;
    return operation();
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    this.check();
    return operation();
  }

  private check(): void {
    if (this.crashed) throw new SimulatedCrash('SIMULATED_CRASH', 'the process was killed here (simulated)');
  }
}
