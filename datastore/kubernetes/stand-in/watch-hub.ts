import type { ServerResponse } from 'node:http';

import { matches, type HistoryEntry, type ObjectStore } from './object-store.js';
import type { Target } from './routes.js';
import { apiVersionOf } from './served-resources.js';
import { badRequest, expired, statusJson, type StatusAnswer } from './status.js';

/** How a watch from a compacted resourceVersion is refused (see StandInOptions.goneAs). */
export type GoneAs = 'event' | 'status';

interface OpenWatch {
  readonly target: Target;
  readonly response: ServerResponse;
  readonly bookmarks: boolean;
  readonly stop: () => void;
}

/**
 * Watch requests: replay history after the requested resourceVersion, then stream live changes, one
 * JSON event per line, until the client goes or the test ends the request. Replay and subscription
 * happen in the same turn of the event loop, so no write can fall between them.
 */
export class WatchHub {
  private readonly open_ = new Set<OpenWatch>();

  constructor(
    private readonly store: ObjectStore,
    private readonly goneAs: GoneAs,
  ) {}

  get size(): number {
    return this.open_.size;
  }

  open(target: Target, query: Readonly<Record<string, string>>, response: ServerResponse): void {
    const text = query.resourceVersion;
    // Kubernetes answers a watch without resourceVersion (or "0") with synthetic ADDED events for
    // every object first; Twill never asks for that, so the stand-in refuses instead of imitating it.
    if (text === undefined || text === '' || text === '0') {
      refuse(response, badRequest('the stand-in implements watch only from a given resourceVersion'));
      return;
    }
    const from = Number(text);
    if (!Number.isSafeInteger(from) || from < 0) {
      refuse(response, badRequest(`invalid resourceVersion ${JSON.stringify(text)}`));
      return;
    }
    const replay = this.store.eventsAfter(target.resource, target.namespace, from);
    if (replay === 'expired') {
      const gone = expired(`too old resource version: ${from} (${this.store.compacted})`);
      if (this.goneAs === 'status') refuse(response, gone);
      else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(line({ type: 'ERROR', object: statusJson(gone) }));
      }
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.flushHeaders();
    for (const entry of replay) response.write(eventLine(entry));
    const unsubscribe = this.store.subscribe((entry) => {
      if (matches(entry, target.resource, target.namespace)) response.write(eventLine(entry));
    });
    let timer: NodeJS.Timeout | undefined;
    const watch: OpenWatch = {
      target,
      response,
      bookmarks: query.allowWatchBookmarks === 'true',
      stop: () => {
        unsubscribe();
        clearTimeout(timer);
        this.open_.delete(watch);
      },
    };
    this.open_.add(watch);
    const timeoutSec = query.timeoutSeconds === undefined ? undefined : Number(query.timeoutSeconds);
    if (timeoutSec !== undefined && timeoutSec > 0)
      timer = setTimeout(() => this.end(watch), timeoutSec * 1000);
    response.once('close', watch.stop);
  }

  /** A BOOKMARK at the current resourceVersion to every watch that asked for bookmarks. */
  bookmarkAll(): void {
    const resourceVersion = String(this.store.currentRevision);
    for (const watch of this.open_) {
      if (!watch.bookmarks) continue;
      const { kind } = watch.target.resource;
      const object = { kind, apiVersion: apiVersionOf(watch.target.resource), metadata: { resourceVersion } };
      watch.response.write(line({ type: 'BOOKMARK', object }));
    }
  }

  endAll(): void {
    for (const watch of [...this.open_]) this.end(watch);
  }

  breakAll(): void {
    for (const watch of [...this.open_]) {
      watch.stop();
      watch.response.socket?.destroy();
    }
  }

  private end(watch: OpenWatch): void {
    watch.stop();
    watch.response.end();
  }
}

function refuse(response: ServerResponse, answer: StatusAnswer): void {
  response.writeHead(answer.code, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(statusJson(answer)));
}

function eventLine(entry: HistoryEntry): string {
  return line({ type: entry.type, object: entry.object });
}

function line(event: unknown): string {
  return `${JSON.stringify(event)}\n`;
}
