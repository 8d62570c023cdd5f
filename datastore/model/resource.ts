/** The API group and version of every Twill resource. */
export const TWILL_API_VERSION = 'twill.dev/v1';

export type StringMap = Readonly<Record<string, string>>;

/** Kubernetes ObjectMeta, reduced to what Twill reads and writes. */
export interface ObjectMeta {
  readonly name: string;
  /** Set for namespaced kinds (WorkloadEndpoint, NetworkPolicy) and absent for cluster-scoped ones. */
  readonly namespace?: string;
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
  /**
   * Opaque to clients: the backend's revision of this object (etcd mod_revision, Kubernetes
   * resourceVersion). Set by the backend on every read; sent back on update for compare-and-swap.
   */
  readonly resourceVersion?: string;
  /** Set by the backend on create; tells a recreated object from the old one with the same name. */
  readonly uid?: string;
  /** RFC 3339, set by the backend on create. */
  readonly creationTimestamp?: string;
}

/** A Kubernetes-style object. `S` is the spec, `St` the status (absent for kinds without one). */
export interface Resource<K extends string = string, S = unknown, St = unknown> {
  readonly apiVersion: string;
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: S;
  readonly status?: St;
}

/** Drops keys whose value is undefined, so normalized objects compare and serialize cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as T;
}
