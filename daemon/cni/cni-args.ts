// CNI_ARGS: "KEY=VALUE;KEY=VALUE" (CNI spec 1.1 §"Parameters"). Kubernetes runtimes pass the pod's
// identity here (K8S_POD_NAMESPACE, K8S_POD_NAME, K8S_POD_INFRA_CONTAINER_ID, K8S_POD_UID). Keys we do
// not use are ignored: runtimes add their own, and refusing them would break pods for no gain.
import { CniError } from './cni-error.js';

export type CniArgs = ReadonlyMap<string, string>;

export function parseCniArgs(text: string | undefined): CniArgs {
  const out = new Map<string, string>();
  if (text === undefined || text.trim() === '') return out;
  for (const pair of text.split(';')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CniError(
        'INVALID_ENVIRONMENT',
        `CNI_ARGS: ${JSON.stringify(pair)} is not KEY=VALUE; the runtime must pass "KEY=VALUE;KEY=VALUE"`,
        { details: { CNI_ARGS: text } },
      );
    }
    out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

/** The pod's Kubernetes identity, when the runtime gave both parts. */
export function kubernetesPod(args: CniArgs): { namespace: string; name: string } | undefined {
  const namespace = args.get('K8S_POD_NAMESPACE');
  const name = args.get('K8S_POD_NAME');
  if (namespace === undefined || name === undefined || namespace === '' || name === '') return undefined;
  return { namespace, name };
}
