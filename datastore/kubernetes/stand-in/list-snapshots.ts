import { randomBytes } from 'node:crypto';

import type { KubeObject } from '../convert.js';
import type { ObjectStore } from './object-store.js';
import type { Target } from './routes.js';
import { apiVersionOf } from './served-resources.js';
import { badRequest, expired, type StatusAnswer } from './status.js';

interface Snapshot {
  readonly collection: string;
  readonly revision: number;
  readonly remaining: KubeObject[];
}

type Page =
  { readonly ok: true; readonly object: unknown } | { readonly ok: false; readonly status: StatusAnswer };

/**
 * Paged lists (`limit` + `continue`) from one snapshot, as the API server guarantees: every page is
 * the list at the first page's resourceVersion. Compaction expires the snapshots older than it; their
 * tokens then answer 410 Expired, as a real server does once etcd compacted the snapshot's revision.
 */
export class ListSnapshots {
  private readonly snapshots = new Map<string, Snapshot>();

  expireBefore(revision: number): void {
    for (const [token, snapshot] of this.snapshots)
      if (snapshot.revision < revision) this.snapshots.delete(token);
  }

  page(store: ObjectStore, target: Target, query: Readonly<Record<string, string>>): Page {
    if (query.resourceVersion !== undefined)
      return {
        ok: false,
        status: badRequest('the stand-in lists only the most recent state (no resourceVersion)'),
      };
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
      return { ok: false, status: badRequest(`limit must be a non-negative integer, got ${query.limit}`) };
    const collection = `${target.resource.plural}/${target.namespace ?? ''}`;
    let snapshot: Snapshot;
    if (query.continue !== undefined) {
      const found = this.snapshots.get(query.continue);
      if (found === undefined || found.collection !== collection) {
        return {
          ok: false,
          status: expired('The provided continue parameter is too old to display a consistent list result.'),
        };
      }
      this.snapshots.delete(query.continue);
      snapshot = found;
    } else {
      snapshot = {
        collection,
        revision: store.currentRevision,
        remaining: store.list(target.resource, target.namespace),
      };
    }
    const take = limit === undefined || limit === 0 ? snapshot.remaining.length : limit;
    const items = snapshot.remaining.slice(0, take);
    const rest = snapshot.remaining.slice(take);
    let token: string | undefined;
    if (rest.length > 0) {
      token = randomBytes(12).toString('base64url');
      this.snapshots.set(token, { ...snapshot, remaining: rest });
    }
    const { kind } = target.resource;
    return {
      ok: true,
      object: {
        apiVersion: apiVersionOf(target.resource),
        kind: `${kind}List`,
        metadata: {
          resourceVersion: String(snapshot.revision),
          ...(token === undefined ? {} : { continue: token }),
        },
        items,
      },
    };
  }
}
