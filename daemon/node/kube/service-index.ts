// The Services and EndpointSlices seen so far, and which ServiceInputs changed since the last take()
// (pure). Changes are coalesced: many events for one Service between two takes give one change, and a
// Service whose derived input is the same as last emitted gives none (an endpoint on another node
// moving, a slice's resourceVersion bump).
import type { ServiceInput } from '../calc/index.js';
import { canonicalJson } from '../calc/index.js';
import {
  deriveServiceInput,
  sliceServiceKey,
  type KubeEndpointSlice,
  type KubeService,
} from './service-input.js';

export type ServiceChange =
  | { readonly type: 'update'; readonly input: ServiceInput }
  | { readonly type: 'remove'; readonly namespace: string; readonly name: string };

export class ServiceIndex {
  private readonly services = new Map<string, KubeService>();
  /** slice `namespace/name` → the slice. */
  private readonly slices = new Map<string, KubeEndpointSlice>();
  /** What was last emitted per Service key (canonical JSON of its input). */
  private readonly emitted = new Map<string, string>();
  private readonly dirty = new Set<string>();

  constructor(private readonly nodeName: string) {}

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  setService(service: KubeService): void {
    const key = objectKey(service);
    if (key === undefined) return;
    this.services.set(key, service);
    this.dirty.add(key);
  }

  deleteService(service: KubeService): void {
    const key = objectKey(service);
    if (key === undefined) return;
    this.services.delete(key);
    this.dirty.add(key);
  }

  setSlice(slice: KubeEndpointSlice): void {
    const key = objectKey(slice);
    if (key === undefined) return;
    // A slice relabelled to another Service dirties both.
    this.markSliceOwner(this.slices.get(key));
    this.slices.set(key, slice);
    this.markSliceOwner(slice);
  }

  deleteSlice(slice: KubeEndpointSlice): void {
    const key = objectKey(slice);
    if (key === undefined) return;
    this.markSliceOwner(this.slices.get(key));
    this.slices.delete(key);
  }

  /** After a re-list: the lists are the whole truth; whatever is gone is removed. */
  replaceAll(services: readonly KubeService[], slices: readonly KubeEndpointSlice[]): void {
    for (const key of this.services.keys()) this.dirty.add(key);
    for (const slice of this.slices.values()) this.markSliceOwner(slice);
    this.services.clear();
    this.slices.clear();
    for (const service of services) this.setService(service);
    for (const slice of slices) this.setSlice(slice);
  }

  /** The changes since the last take, each Service once, sorted by key. */
  take(): ServiceChange[] {
    const changes: ServiceChange[] = [];
    for (const key of [...this.dirty].sort()) {
      const service = this.services.get(key);
      if (service === undefined) {
        if (this.emitted.delete(key)) {
          const [namespace = '', name = ''] = key.split('/');
          changes.push({ type: 'remove', namespace, name });
        }
        continue;
      }
      const input = deriveServiceInput(service, this.slicesOf(key), this.nodeName);
      const text = canonicalJson(input);
      if (this.emitted.get(key) === text) continue;
      this.emitted.set(key, text);
      changes.push({ type: 'update', input });
    }
    this.dirty.clear();
    return changes;
  }

  /** Current inputs (for status and tests). */
  inputs(): ServiceInput[] {
    return [...this.services.keys()]
      .sort()
      .map((key) =>
        deriveServiceInput(this.services.get(key) as KubeService, this.slicesOf(key), this.nodeName),
      );
  }

  private slicesOf(serviceKey: string): KubeEndpointSlice[] {
    return [...this.slices.values()].filter((slice) => sliceServiceKey(slice) === serviceKey);
  }

  private markSliceOwner(slice: KubeEndpointSlice | undefined): void {
    const owner = slice === undefined ? undefined : sliceServiceKey(slice);
    if (owner !== undefined) this.dirty.add(owner);
  }
}

function objectKey(object: KubeService | KubeEndpointSlice): string | undefined {
  const { namespace, name } = object.metadata ?? {};
  return namespace === undefined || name === undefined ? undefined : `${namespace}/${name}`;
}
