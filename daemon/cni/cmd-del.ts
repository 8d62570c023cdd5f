// DEL (CNI spec 1.1 §"DEL"): must succeed when things are already gone (a second DEL, a namespace the
// runtime already destroyed, addresses already released), because runtimes call it again on any doubt.
// Names are derived from CNI_CONTAINERID and CNI_IFNAME, so DEL needs neither the namespace nor state.
import type { AttachmentEnv } from './environment.js';
import { handleID, hostVethName, workloadIdentity } from './names.js';
import { tearDownPodNetwork } from './pod-network.js';
import type { Session } from './session.js';
import { removeEndpoint } from './workload-endpoint.js';

export async function cmdDel(env: AttachmentEnv, session: Session): Promise<void> {
  await releaseAttachment(
    session,
    env.containerID,
    env.ifName,
    workloadIdentity(session.node, env.containerID, env.ifName, env.args),
  );
}

/** Shared with GC: the interface, the addresses and the endpoint of one attachment, each idempotent. */
export async function releaseAttachment(
  session: Session,
  containerID: string,
  ifName: string,
  endpoint: { readonly namespace: string; readonly name: string },
): Promise<void> {
  // Deleting the host end removes the pod end and every route over the pair with it.
  await tearDownPodNetwork(session.host, hostVethName(containerID, ifName));
  await session.ipam.releaseByHandle(handleID(session.config.name, containerID, ifName));
  // GC learns the endpoint from the allocation's owner attributes; an allocation without them has none.
  if (endpoint.namespace !== '' && endpoint.name !== '') {
    await removeEndpoint(session.store.backend, endpoint.namespace, endpoint.name, containerID);
  }
}
