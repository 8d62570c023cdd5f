import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, type Resource } from './resource.js';

/** Kubernetes core v1 Namespace: policy reads only its name and labels (for namespaceSelector). */
export interface NamespaceSpec {
  readonly finalizers?: readonly string[];
}

export type Namespace = Resource<'Namespace', NamespaceSpec, { readonly phase?: string }>;

export const namespaceKind: KindDefinition<Namespace> = {
  kind: 'Namespace',
  apiVersion: 'v1',
  plural: 'namespaces',
  namespaced: false,
  specOptional: true,
  readSpec(spec: Fields) {
    const result = compact({ finalizers: spec.strings('finalizers') });
    spec.rejectUnknown();
    return result;
  },
  readStatus(status: Fields) {
    const result = compact({ phase: status.oneOf('phase', ['Active', 'Terminating']) });
    status.rejectUnknown();
    return result;
  },
};
