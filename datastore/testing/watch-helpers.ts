import type { Watch, WatchEvent } from '../backend/backend.js';

/**
 * The next `count` events of a watch, or a rejection naming what did arrive once `timeoutMs` passes.
 * Pulls through one iterator so no event is lost between calls.
 */
export async function takeEvents<R>(
  watch: Watch<R>,
  count: number,
  timeoutMs = 5000,
): Promise<Array<WatchEvent<R>>> {
  const iterator = iteratorOf(watch);
  const events: Array<WatchEvent<R>> = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `expected ${count} watch events within ${timeoutMs} ms, got ${events.length}: ${JSON.stringify(events.map(describeEvent))}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    while (events.length < count) {
      const result = await Promise.race([iterator.next(), deadline]);
      if (result.done === true)
        throw new Error(
          `watch ended after ${events.length} of ${count} events: ${JSON.stringify(events.map(describeEvent))}`,
        );
      events.push(result.value);
    }
    return events;
  } finally {
    clearTimeout(timer);
  }
}

const iterators = new WeakMap<object, AsyncIterator<unknown>>();

function iteratorOf<R>(watch: Watch<R>): AsyncIterator<WatchEvent<R>> {
  let iterator = iterators.get(watch);
  if (iterator === undefined) {
    iterator = watch[Symbol.asyncIterator]();
    iterators.set(watch, iterator);
  }
  return iterator as AsyncIterator<WatchEvent<R>>;
}

export function describeEvent<R>(event: WatchEvent<R>): string {
  if (event.type === 'resync-needed') return `resync-needed(${event.reason})`;
  const meta = (event.resource as { metadata: { name: string } }).metadata;
  return `${event.type} ${meta.name}`;
}
