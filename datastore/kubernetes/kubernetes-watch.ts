import { Watch as KubeWatchClient, type KubeConfig } from '@kubernetes/client-node';

import { errorMessage } from '../../common/index.js';
import type { WatchEvent } from '../backend/backend.js';
import { EventQueue } from '../backend/event-queue.js';
import type { AnyResource } from '../model/index.js';
import { httpStatusOf, type KubeStatus } from './api-errors.js';
import type { KubeObject } from './convert.js';

export interface KubernetesWatchOptions<R = AnyResource> {
  readonly config: KubeConfig;
  /** The collection path (`/apis/twill.dev/v1/ippools`, `/api/v1/namespaces`). */
  readonly path: string;
  /** Where to start: a list's resourceVersion. Resolved lazily so "from now" can list first. */
  readonly startFrom: () => Promise<string>;
  /** Model kinds convert to resources; other watchers (core Services, EndpointSlices) keep the JSON. */
  readonly convert: (object: KubeObject) => R;
  readonly retryDelayMs: number;
  /** Reconnects in a row that bring nothing (no event, no bookmark) before giving up with `watch-lost`. */
  readonly maxRetries: number;
}

/**
 * One logical watch over many HTTP watch requests. Kubernetes ends watch requests routinely (server
 * timeouts, load balancers, apiserver restarts), so the stream resumes from the last resourceVersion it
 * saw: an event's, or a BOOKMARK's. Bookmarks (`allowWatchBookmarks`) matter because a watch on a quiet
 * kind would otherwise resume from an old resourceVersion that compaction has removed, and a 410 would
 * force a full re-list although nothing of this kind changed.
 *
 * 410 Gone, whether as the HTTP status or as an ERROR event carrying a Status (what a server with a
 * watch cache sends), ends the stream with `resync-needed` (compacted): the consumer re-lists.
 *
 * resourceVersions are used only as Kubernetes allows: handed back verbatim, never compared or
 * computed with; the server's order of events is the order delivered.
 */
export function kubernetesWatch<R = AnyResource>(
  options: KubernetesWatchOptions<R>,
  onEnd: () => void,
): EventQueue<WatchEvent<R>> {
  let resumeFrom: string | undefined;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const queue = new EventQueue<WatchEvent<R>>(() => {
    clearTimeout(timer);
    controller?.abort();
    onEnd();
  });
  const finish = (reason: 'compacted' | 'watch-lost', message: string): void => {
    if (queue.isEnded) return;
    queue.push({ type: 'resync-needed', reason, message });
    queue.end();
    clearTimeout(timer);
    controller?.abort();
    onEnd();
  };
  const retry = (why: string): void => {
    if (queue.isEnded) return;
    failures++;
    if (failures > options.maxRetries) {
      finish('watch-lost', `watch ${options.path} failed ${failures} times in a row: ${why}`);
      return;
    }
    timer = setTimeout(connect, options.retryDelayMs);
  };

  const connect = (): void => {
    if (queue.isEnded || resumeFrom === undefined) return;
    let progressed = false;
    // One decision per request: an ERROR event is followed by the request closing, which must not
    // schedule a second reconnect.
    let settled = false;
    const onEvent = (type: string, object: unknown): void => {
      if (queue.isEnded || settled) return;
      const meta = (object as KubeObject | undefined)?.metadata;
      switch (type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED': {
          const revision = meta?.resourceVersion ?? '';
          resumeFrom = revision;
          progressed = true;
          failures = 0;
          const resource = options.convert(object as KubeObject);
          queue.push({
            type: type === 'ADDED' ? 'added' : type === 'MODIFIED' ? 'modified' : 'deleted',
            revision,
            resource,
          });
          return;
        }
        case 'BOOKMARK':
          // Only metadata.resourceVersion is meaningful in a bookmark: nothing to deliver, just progress.
          if (meta?.resourceVersion !== undefined) resumeFrom = meta.resourceVersion;
          progressed = true;
          failures = 0;
          return;
        case 'ERROR': {
          const status = object as KubeStatus;
          settled = true;
          if (status.code === 410)
            finish('compacted', `resourceVersion ${resumeFrom} is gone: ${status.message ?? ''}`);
          else retry(`server error ${status.code ?? '?'} ${status.reason ?? ''}: ${status.message ?? ''}`);
          return;
        }
        default:
          return; // An event type from a newer server: nothing Twill can act on.
      }
    };
    const onDone = (error: unknown): void => {
      if (queue.isEnded || settled) return;
      settled = true;
      if (httpStatusOf(error) === 410)
        finish('compacted', `resourceVersion ${resumeFrom} is gone (HTTP 410)`);
      else if (error === null || error === undefined) {
        // The server ended the request (its timeout): resume at once if it brought anything.
        if (progressed) setImmediate(connect);
        else retry('the server closed the watch without sending anything');
      } else retry(errorMessage(error));
    };
    new KubeWatchClient(options.config)
      .watch(options.path, { resourceVersion: resumeFrom, allowWatchBookmarks: true }, onEvent, onDone)
      .then((created) => {
        if (queue.isEnded) created.abort();
        else controller = created;
      })
      .catch(onDone);
  };

  options
    .startFrom()
    .then((revision) => {
      resumeFrom = revision;
      connect();
    })
    .catch((error: unknown) =>
      finish('watch-lost', `cannot start watch ${options.path}: ${errorMessage(error)}`),
    );
  return queue;
}
