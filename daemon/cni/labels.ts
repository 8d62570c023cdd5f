// Labels of the pod for its WorkloadEndpoint (what policy selectors match). Without Kubernetes they come
// from the config: `args.cni.labels` ([{key, value}], the CNI conventions document's form) and
// `runtimeConfig.labels` ({key: value}, for runtimes that inject them as a capability). Both objects
// also carry other plugins' keys, so nothing else in them is refused.
import { CniError } from './cni-error.js';
import { isObject } from './config-fields.js';
import type { ConfigFields } from './config-fields.js';

export type Labels = Readonly<Record<string, string>>;

export function readLabels(args: ConfigFields | undefined, runtimeConfig: ConfigFields | undefined): Labels {
  const out: Record<string, string> = {};
  const cni = args?.value.cni;
  if (isObject(cni) && cni.labels !== undefined) {
    if (!Array.isArray(cni.labels)) throw invalid('args.cni.labels', cni.labels, 'an array of {key, value}');
    cni.labels.forEach((item: unknown, i) => {
      if (!isObject(item) || typeof item.key !== 'string' || typeof item.value !== 'string') {
        throw invalid(`args.cni.labels[${i}]`, item, '{"key": string, "value": string}');
      }
      out[item.key] = item.value;
    });
  }
  const fromRuntime = runtimeConfig?.value.labels;
  if (fromRuntime !== undefined) {
    if (!isObject(fromRuntime)) throw invalid('runtimeConfig.labels', fromRuntime, 'an object of strings');
    for (const [key, value] of Object.entries(fromRuntime)) {
      if (typeof value !== 'string') throw invalid(`runtimeConfig.labels.${key}`, value, 'a string');
      out[key] = value;
    }
  }
  return out;
}

function invalid(path: string, value: unknown, expected: string): CniError {
  return new CniError('INVALID_NETWORK_CONFIG', `${path} must be ${expected}, got ${JSON.stringify(value)}`, {
    details: { field: path },
  });
}
