// The kernel side of ADD and DEL: a veth pair whose host end stays in the node's namespace (proxy ARP /
// proxy NDP for the link-local gateway, a host route per pod address) and whose other end is created
// directly inside the pod's namespace (CNI_NETNS) under CNI_IFNAME, with the pod's addresses and a
// default route via the link-local gateway.
import { closeSync, writeFileSync } from 'node:fs';

import type { IpAddress } from '../../common/index.js';
import {
  IFA_F_NODAD,
  isNetlinkKernelError,
  NTF_PROXY,
  NUD_PERMANENT,
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  RTPROT_BOOT,
} from '../../routing/netlink/index.js';
import { CniError } from './cni-error.js';
import { defaultRoute, gatewayFor, GATEWAY_V4, hostPrefix } from './gateway.js';
import type { Kernel } from './kernel.js';
import { openNetns } from './netns-path.js';

export interface PodNetworkPlan {
  readonly netns: string;
  readonly ifName: string;
  readonly hostVeth: string;
  readonly mtu: number;
  readonly addresses: readonly IpAddress[];
}

export interface PodInterfaces {
  readonly hostMac: string;
  readonly podMac: string;
}

/**
 * Host routes carry RTPROT_BOOT (what `ip route add` writes), not Twill's reconciler protocol: the
 * node's route reconciler owns RTPROT_TWILL routes and would remove routes it did not declare.
 */
const POD_ROUTE_PROTOCOL = RTPROT_BOOT;

export async function setUpPodNetwork(
  host: Kernel,
  pod: Kernel,
  plan: PodNetworkPlan,
): Promise<PodInterfaces> {
  // A host veth of this name is the leftover of an ADD that failed half-way for the same attachment.
  const stale = await host.linkByName(plan.hostVeth);
  if (stale !== undefined) await host.deleteLink(stale.index);
  const fd = openNetns(plan.netns);
  try {
    await host.createVeth(plan.hostVeth, plan.ifName, fd, plan.mtu);
  } catch (error) {
    if (isNetlinkKernelError(error, 'EEXIST')) {
      throw new CniError(
        'INVALID_ENVIRONMENT',
        `an interface named ${plan.ifName} (CNI_IFNAME) already exists in ${plan.netns}; pick another CNI_IFNAME or DEL the old attachment`,
        { details: { ifName: plan.ifName, netns: plan.netns } },
      );
    }
    throw error;
  } finally {
    closeSync(fd);
  }
  const hostLink = await mustFind(host, plan.hostVeth, 'the node');
  const hasV6 = plan.addresses.some((a) => a.family === 6);
  configureHostSysctls(plan.hostVeth, hasV6);
  await host.setUp(hostLink.index);
  if (hasV6) {
    // proxy NDP answers only for addresses listed as proxy entries on the device (ndisc, pneigh).
    await host.replaceNeighbour({
      family: 'inet6',
      index: hostLink.index,
      state: NUD_PERMANENT,
      flags: NTF_PROXY,
      dst: gatewayFor(6),
    });
  }

  const podLink = await mustFind(pod, plan.ifName, plan.netns);
  for (const address of plan.addresses) {
    await pod.addAddress({
      index: podLink.index,
      address,
      prefixLength: address.family === 4 ? 32 : 128,
      // The address is ours alone (IPAM says so); duplicate address detection would only delay it.
      ...(address.family === 6 ? { flags: IFA_F_NODAD } : {}),
    });
  }
  await pod.setUp(podLink.index);
  for (const family of [4, 6] as const) {
    if (!plan.addresses.some((a) => a.family === family)) continue;
    if (family === 4) {
      // A /32 has no on-link subnet, so the gateway needs its own on-link route first.
      await pod.replaceRoute(route(hostPrefix(GATEWAY_V4), podLink.index, RT_SCOPE_LINK));
    }
    await pod.replaceRoute({
      ...route(defaultRoute(family), podLink.index, RT_SCOPE_UNIVERSE),
      gateway: gatewayFor(family),
    });
  }
  for (const address of plan.addresses) {
    await host.replaceRoute(route(hostPrefix(address), hostLink.index, RT_SCOPE_LINK));
  }
  return { hostMac: hostLink.address ?? '', podMac: podLink.address ?? '' };
}

/** Deletes the host veth (and with it the pod end and every route over it); false if already gone. */
export async function tearDownPodNetwork(host: Kernel, hostVeth: string): Promise<boolean> {
  const link = await host.linkByName(hostVeth);
  if (link === undefined) return false;
  return host.deleteLink(link.index);
}

function route(dst: ReturnType<typeof hostPrefix>, oif: number, scope: number) {
  return { dst, table: RT_TABLE_MAIN, protocol: POD_ROUTE_PROTOCOL, scope, type: 'unicast' as const, oif };
}

async function mustFind(kernel: Kernel, name: string, where: string) {
  const link = await kernel.linkByName(name);
  if (link === undefined) {
    throw new CniError(
      'KERNEL_FAILURE',
      `the veth end ${name} vanished from ${where} right after it was created`,
    );
  }
  return link;
}

/**
 * proxy_arp: answer ARP for 169.254.1.1 with the veth's MAC (the node has a route to it elsewhere);
 * proxy_ndp: the same for fe80::1 over NDP. proxy_delay 0 for both families: answer at once instead
 * of after a random 0-0.8 s (neigh/default/proxy_delay). For IPv6 the kernel delays every proxied
 * answer to a multicast solicitation (RFC 4861 §7.2.8 allows it for proxies, which may be many on a
 * link; here the veth is the only one), so without it a pod's first IPv6 packets after its neighbour
 * entry for fe80::1 is (re)created waited up to 0.8 s, queued behind the proxy timer.
 * The process runs in the node's namespace, so /proc/sys/net is the node's.
 */
function configureHostSysctls(name: string, ipv6: boolean): void {
  writeFileSync(`/proc/sys/net/ipv4/conf/${name}/proxy_arp`, '1');
  writeFileSync(`/proc/sys/net/ipv4/neigh/${name}/proxy_delay`, '0');
  if (ipv6) {
    writeFileSync(`/proc/sys/net/ipv6/conf/${name}/proxy_ndp`, '1');
    writeFileSync(`/proc/sys/net/ipv6/neigh/${name}/proxy_delay`, '0');
  }
}
