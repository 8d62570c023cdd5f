// What a Kubernetes Event about a resource the daemon ignored says (pure). core/v1 Event semantics as
// kubelet's recorder writes them: involvedObject, reason, message, type, source; one Event per
// (object, reason, message), its count and lastTimestamp raised on repeats (event-recorder.ts).
import { kindDefinition, type AnyResource } from '../../../datastore/index.js';

export interface ObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

export interface EventSpec {
  readonly involvedObject: ObjectReference;
  readonly reason: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
}

export const INVALID_RESOURCE_REASON = 'InvalidResource';
/** core/v1 validation caps nothing here, but events.k8s.io caps `note` at 1 kB: stay under it. */
const MAX_MESSAGE = 1024;

/**
 * The Event for a resource that failed validation on its way into the daemon. With the Kubernetes
 * datastore the resource *is* a Kubernetes object (a twill.dev custom object, or a core Namespace /
 * NetworkPolicy), so uid and resourceVersion point at exactly that version. With etcd it is not: the
 * reference keeps apiVersion, kind, name and namespace (the names the object would have as a custom
 * object), without uid, so `kubectl get events --field-selector involvedObject.name=NAME` finds it.
 */
export function invalidResourceEvent(
  resource: AnyResource,
  issues: readonly string[],
  isKubernetesObject: boolean,
): EventSpec {
  const { name, namespace, uid, resourceVersion } = resource.metadata;
  const involvedObject: ObjectReference = {
    apiVersion: kindDefinition(resource.kind).apiVersion,
    kind: resource.kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
    ...(isKubernetesObject && uid !== undefined ? { uid } : {}),
    ...(isKubernetesObject && resourceVersion !== undefined ? { resourceVersion } : {}),
  };
  const message = `ignored by twill-node, the last good version stays in effect: ${issues.join('; ')}`;
  return {
    involvedObject,
    reason: INVALID_RESOURCE_REASON,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message,
    type: 'Warning',
  };
}

/**
 * Repeats of "the same event" share one Event object: same object (its uid when there is one, not its
 * resourceVersion, so a re-write that is still invalid counts as a repeat), reason and message.
 */
export function eventKey(spec: EventSpec): string {
  const o = spec.involvedObject;
  return [o.apiVersion, o.kind, o.namespace ?? '', o.name, o.uid ?? '', spec.reason, spec.message].join(
    '\u0000',
  );
}

/** Events of cluster-scoped objects go to `default`, as kubelet's Node events do (API validation). */
export function eventNamespace(spec: EventSpec): string {
  return spec.involvedObject.namespace ?? 'default';
}
