import type { FieldIssues, Fields } from './fields.js';
import { compact, type ObjectMeta } from './resource.js';

// Kubernetes' rules (apimachinery validation): names are DNS subdomains, namespaces DNS labels.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function checkLabelKey(key: string, path: string, issues: FieldIssues): boolean {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length > 63 || !LABEL_NAME.test(name)) {
    issues.add(
      path,
      `${JSON.stringify(key)} is not a label key ([prefix/]name, name up to 63 alphanumerics, "-", "_", ".")`,
    );
    return false;
  }
  return true;
}

export function checkLabelValue(value: string, path: string, issues: FieldIssues): boolean {
  if (value !== '' && (value.length > 63 || !LABEL_NAME.test(value))) {
    issues.add(path, `${JSON.stringify(value)} is not a label value (up to 63 alphanumerics, "-", "_", ".")`);
    return false;
  }
  return true;
}

function readStringMap(meta: Fields, key: string, checkKeys: boolean): Record<string, string> | undefined {
  const fields = meta.object(key);
  if (fields === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const name of Object.keys(fields.value)) {
    const value = fields.string(name);
    const keyOk = !checkKeys || checkLabelKey(name, fields.at(name), meta.issues);
    const valueOk =
      value !== undefined && (!checkKeys || checkLabelValue(value, fields.at(name), meta.issues));
    if (keyOk && valueOk) out[name] = value;
  }
  return out;
}

export interface MetadataRules {
  readonly namespaced: boolean;
}

/** Reads ObjectMeta; server-owned fields (resourceVersion, uid, creationTimestamp) are passed through. */
export function readMetadata(meta: Fields, rules: MetadataRules): ObjectMeta | undefined {
  const name = meta.string('name', {
    required: true,
    maxLength: 253,
    pattern: DNS_SUBDOMAIN,
    hint: 'a lower-case DNS name',
  });
  const namespace = meta.string('namespace', {
    maxLength: 63,
    pattern: DNS_LABEL,
    hint: 'a lower-case DNS label',
  });
  if (rules.namespaced && namespace === undefined && !meta.present('namespace'))
    meta.issue('namespace', 'is required for this kind');
  if (!rules.namespaced && meta.present('namespace'))
    meta.issue('namespace', 'must not be set: this kind is cluster-scoped');
  const result = compact<ObjectMeta>({
    name: name ?? '',
    namespace: rules.namespaced ? namespace : undefined,
    labels: readStringMap(meta, 'labels', true),
    annotations: readStringMap(meta, 'annotations', false),
    resourceVersion: meta.string('resourceVersion'),
    uid: meta.string('uid'),
    creationTimestamp: meta.string('creationTimestamp'),
  });
  // Kubernetes metadata has many more fields (generation, managedFields, ownerReferences...); objects
  // read back from a Kubernetes API carry them, so tolerate rather than refuse them.
  return name === undefined ? undefined : result;
}
