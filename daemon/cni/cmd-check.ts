// CHECK (CNI spec 1.1 §"CHECK"): the attachment still is what ADD reported in prevResult: both veth
// ends, the pod's addresses and default routes, the node's host routes and the WorkloadEndpoint. Every
// difference is collected, so one CHECK tells the operator everything that drifted.
import { existsSync } from 'node:fs';

import { tryParseIpAddress, type IpAddress } from '../../common/index.js';
import { CniError } from './cni-error.js';
import type { AttachmentEnv } from './environment.js';
import { defaultRoute, hostPrefix } from './gateway.js';
import { Kernel } from './kernel.js';
import { hostVethName, workloadIdentity } from './names.js';
import { decodeResult } from './result.js';
import type { Session } from './session.js';
import { getEndpoint } from './workload-endpoint.js';

export async function cmdCheck(env: AttachmentEnv, session: Session): Promise<void> {
  const { config, host, node } = session;
  if (config.prevResult === undefined) {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      'CHECK needs prevResult (the result of ADD) in the configuration',
    );
  }
  const prev = decodeResult(config.prevResult);
  const netns = env.netns as string;
  if (!existsSync(netns)) {
    throw new CniError('UNKNOWN_CONTAINER', `the pod's network namespace ${netns} does not exist`, {
      details: { netns },
    });
  }
  const problems: string[] = [];
  const hostVeth = hostVethName(env.containerID, env.ifName);
  const hostLink = await host.linkByName(hostVeth);
  if (hostLink === undefined) problems.push(`host veth ${hostVeth} is missing`);
  const sandboxIndex = prev.interfaces.findIndex((i) => i.name === env.ifName && i.sandbox !== undefined);
  const expectedMac = prev.interfaces[sandboxIndex]?.mac;
  const addresses = prev.ips
    .filter((ip) => ip.interface === undefined || ip.interface === sandboxIndex)
    .map((ip) => parseAddress(ip.address));
  const pod = new Kernel(netns);
  try {
    const podLink = await pod.linkByName(env.ifName);
    if (podLink === undefined) problems.push(`${env.ifName} is missing in ${netns}`);
    else {
      if (podLink.info?.kind !== 'veth') problems.push(`${env.ifName} is not a veth`);
      if (expectedMac !== undefined && podLink.address?.toLowerCase() !== expectedMac.toLowerCase()) {
        problems.push(`${env.ifName} has MAC ${podLink.address ?? 'none'}, prevResult says ${expectedMac}`);
      }
      const present = (await pod.addresses(podLink.index)).map((a) => a.address.toString());
      for (const address of addresses) {
        if (!present.includes(address.toString()))
          problems.push(`${env.ifName} lacks address ${address.toString()}`);
      }
      for (const family of new Set(addresses.map((a) => a.family))) {
        const routes = await pod.mainRoutes(family);
        const hasDefault = routes.some((r) => r.dst.equals(defaultRoute(family)) && r.oif === podLink.index);
        if (!hasDefault) problems.push(`no IPv${family} default route via ${env.ifName} in ${netns}`);
      }
    }
  } finally {
    pod.close();
  }
  if (hostLink !== undefined) {
    for (const address of addresses) {
      const routes = await host.mainRoutes(address.family);
      if (!routes.some((r) => r.dst.equals(hostPrefix(address)) && r.oif === hostLink.index)) {
        problems.push(`no host route ${hostPrefix(address).toString()} via ${hostVeth}`);
      }
    }
  }
  const identity = workloadIdentity(node, env.containerID, env.ifName, env.args);
  const endpoint = await getEndpoint(session.store.backend, identity.namespace, identity.name);
  if (endpoint === undefined)
    problems.push(`WorkloadEndpoint ${identity.namespace}/${identity.name} is missing`);
  else {
    for (const address of addresses) {
      if (!endpoint.spec.ipNetworks.includes(hostPrefix(address).toString())) {
        problems.push(
          `WorkloadEndpoint ${identity.namespace}/${identity.name} lacks ${hostPrefix(address).toString()}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new CniError(
      'CHECK_FAILED',
      `attachment ${env.containerID}/${env.ifName} differs from prevResult: ${problems.join('; ')}`,
      {
        details: { problems },
      },
    );
  }
}

function parseAddress(cidr: string): IpAddress {
  const address = tryParseIpAddress(cidr.split('/')[0] ?? '');
  if (address === undefined) {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      `prevResult.ips: ${JSON.stringify(cidr)} is not an address/length`,
    );
  }
  return address;
}
