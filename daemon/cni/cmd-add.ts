// ADD (CNI spec 1.1 §"ADD"): addresses from Twill IPAM, the veth pair and routes, the WorkloadEndpoint,
// and the result. Anything that fails after the first allocation is undone before the error is
// returned, so a failed ADD leaks neither addresses nor interfaces (the runtime may not call DEL).
import type { IpAddress, IpFamily } from '../../common/index.js';
import type { AttachmentEnv } from './environment.js';
import { kubernetesPod } from './cni-args.js';
import { gatewayFor } from './gateway.js';
import { Kernel } from './kernel.js';
import type { Labels } from './labels.js';
import { encapsulationOverhead, uplinkMtu } from './mtu.js';
import { handleID, hostVethName, workloadIdentity, type WorkloadIdentity } from './names.js';
import { requireNetns } from './netns-path.js';
import { setUpPodNetwork, tearDownPodNetwork } from './pod-network.js';
import { kubernetesPodLabels } from './pod-labels.js';
import type { CniResult } from './result.js';
import type { Session } from './session.js';
import { buildEndpoint, registerEndpoint, removeEndpoint } from './workload-endpoint.js';

export async function cmdAdd(env: AttachmentEnv, session: Session): Promise<CniResult> {
  const netns = env.netns as string;
  // Fail on a bad namespace before anything is allocated (dispatch checked too, before loading us).
  requireNetns(netns);
  const { config, node, ipam, host, store } = session;
  const identity = workloadIdentity(node, env.containerID, env.ifName, env.args);
  const labels = await podLabels(session, env);
  const handle = handleID(config.name, env.containerID, env.ifName);
  const hostVeth = hostVethName(env.containerID, env.ifName);
  // A repeated ADD of one attachment (a runtime retry after a crash) starts from nothing.
  await ipam.releaseByHandle(handle);
  const addresses: IpAddress[] = [];
  const pod = new Kernel(netns);
  try {
    for (const family of families(session)) {
      const pools = family === 4 ? config.ipam.ipv4Pools : config.ipam.ipv6Pools;
      addresses.push(
        ...(await ipam.allocate({
          handleID: handle,
          family,
          owner: { namespace: identity.namespace, workloadEndpoint: identity.name, node },
          attributes: { containerID: env.containerID, ifName: env.ifName, network: config.name },
          ...(pools !== undefined ? { pools } : {}),
        })),
      );
    }
    const mtu = config.mtu ?? (await detectMtu(session, addresses));
    const { hostMac, podMac } = await setUpPodNetwork(host, pod, {
      netns,
      ifName: env.ifName,
      hostVeth,
      mtu,
      addresses,
    });
    await registerEndpoint(
      store.backend,
      buildEndpoint({
        identity,
        node,
        containerID: env.containerID,
        ifName: env.ifName,
        hostVeth,
        podMac,
        addresses,
        labels,
      }),
    );
    return {
      interfaces: [
        { name: hostVeth, mac: hostMac, mtu },
        { name: env.ifName, mac: podMac, sandbox: netns, mtu },
      ],
      ips: addresses.map((a) => ({
        address: `${a.toString()}/${a.family === 4 ? 32 : 128}`,
        gateway: gatewayFor(a.family).toString(),
        interface: 1,
      })),
      routes: [...new Set(addresses.map((a) => a.family))].map((family) => ({
        dst: family === 4 ? '0.0.0.0/0' : '::/0',
        gw: gatewayFor(family).toString(),
      })),
      dns: config.dns ?? {},
    };
  } catch (error) {
    await undo(session, hostVeth, handle, identity, env.containerID);
    throw error;
  } finally {
    pod.close();
  }
}

function families(session: Session): IpFamily[] {
  const { ipam } = session.config;
  return [...(ipam.assignIPv4 ? [4 as const] : []), ...(ipam.assignIPv6 ? [6 as const] : [])];
}

async function podLabels(session: Session, env: AttachmentEnv): Promise<Labels> {
  const pod = kubernetesPod(env.args);
  const path = session.store.kubeconfigPath;
  if (pod === undefined || path === undefined) return session.config.labels;
  return { ...session.config.labels, ...(await kubernetesPodLabels(path, pod.namespace, pod.name)) };
}

async function detectMtu(session: Session, addresses: readonly IpAddress[]): Promise<number> {
  const [uplink, pools] = await Promise.all([uplinkMtu(session.host), session.store.backend.list('IPPool')]);
  return uplink - encapsulationOverhead(pools.items, addresses);
}

/** Best effort: the original error is what the runtime must see. */
async function undo(
  session: Session,
  hostVeth: string,
  handle: string,
  identity: WorkloadIdentity,
  containerID: string,
): Promise<void> {
  await tearDownPodNetwork(session.host, hostVeth).catch(() => undefined);
  await session.ipam.releaseByHandle(handle).catch(() => undefined);
  await removeEndpoint(session.store.backend, identity.namespace, identity.name, containerID).catch(
    () => undefined,
  );
}
