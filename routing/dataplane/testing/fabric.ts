// Test fabric in network namespaces (needs root): a router namespace, three node namespaces (n1, n2 on
// 192.168.1.0/24 through a bridge in the router, n3 on 192.168.2.0/24), and one pod namespace per
// node with an address from its node's block. The node reaches its pod through a /32 route on the
// pod's veth; the pod's default route goes to 169.254.1.1, which the node answers by proxy ARP (as
// Calico wires pods). Names are twt-enc-<pid>-<n>; destroy() removes all, also after a failed build.
import { execFileSync } from 'node:child_process';
import { parseIpAddress, parsePrefix, type IpAddress, type Prefix } from '../../../common/index.js';

let counter = 0;

export interface FabricNode {
  readonly name: string;
  readonly ns: string;
  readonly address: IpAddress;
  readonly block: Prefix;
  readonly podNs: string;
  readonly podAddress: IpAddress;
}

export interface Fabric {
  readonly routerNs: string;
  readonly nodes: readonly [FabricNode, FabricNode, FabricNode];
  /** Static routes for the pod blocks on the router: what a ToR learns by BGP in native mode. */
  routePodBlocksOnRouter(): void;
  destroy(): void;
}

const sh = (args: string[]) =>
  execFileSync(args[0] as string, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
const ip = (ns: string, ...args: string[]) => sh(['ip', '-n', ns, ...args]);
const sysctl = (ns: string, setting: string) => sh(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', setting]);

function newNs(created: string[]): string {
  const name = `twt-enc-${process.pid}-${++counter}`;
  sh(['ip', 'netns', 'add', name]);
  created.push(name);
  ip(name, 'link', 'set', 'lo', 'up');
  return name;
}

export function buildFabric(): Fabric {
  const created: string[] = [];
  const destroy = () => {
    for (const ns of created.splice(0)) {
      try {
        sh(['ip', 'netns', 'del', ns]);
      } catch {
        // Already gone; keep deleting the rest.
      }
    }
  };
  try {
    const router = newNs(created);
    sysctl(router, 'net.ipv4.ip_forward=1');
    ip(router, 'link', 'add', 'br0', 'type', 'bridge');
    ip(router, 'addr', 'add', '192.168.1.254/24', 'dev', 'br0');
    ip(router, 'link', 'set', 'br0', 'up');
    const specs = [
      { name: 'n1', address: '192.168.1.1/24', gw: '192.168.1.254', bridged: true },
      { name: 'n2', address: '192.168.1.2/24', gw: '192.168.1.254', bridged: true },
      { name: 'n3', address: '192.168.2.3/24', gw: '192.168.2.254', bridged: false },
    ];
    const nodes = specs.map((spec, i) => {
      const k = i + 1;
      const ns = newNs(created);
      sysctl(ns, 'net.ipv4.ip_forward=1');
      const routerSide = `up${k}`;
      sh([
        'ip',
        'link',
        'add',
        'eth0',
        'netns',
        ns,
        'type',
        'veth',
        'peer',
        'name',
        routerSide,
        'netns',
        router,
      ]);
      if (spec.bridged) ip(router, 'link', 'set', routerSide, 'master', 'br0');
      else ip(router, 'addr', 'add', `${spec.gw}/24`, 'dev', routerSide);
      ip(router, 'link', 'set', routerSide, 'up');
      ip(ns, 'addr', 'add', spec.address, 'dev', 'eth0');
      ip(ns, 'link', 'set', 'eth0', 'up');
      ip(ns, 'route', 'add', 'default', 'via', spec.gw);

      const podNs = newNs(created);
      const podAddress = `10.244.${k}.10`;
      sh(['ip', 'link', 'add', 'pod0', 'netns', ns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', podNs]);
      ip(podNs, 'addr', 'add', `${podAddress}/32`, 'dev', 'eth0');
      ip(podNs, 'link', 'set', 'eth0', 'up');
      ip(podNs, 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link');
      ip(podNs, 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0');
      ip(ns, 'link', 'set', 'pod0', 'up');
      sysctl(ns, 'net.ipv4.conf.pod0.proxy_arp=1');
      ip(ns, 'route', 'add', `${podAddress}/32`, 'dev', 'pod0');
      return {
        name: spec.name,
        ns,
        address: parseIpAddress(spec.address.split('/')[0] as string),
        block: parsePrefix(`10.244.${k}.0/24`),
        podNs,
        podAddress: parseIpAddress(podAddress),
      };
    }) as unknown as [FabricNode, FabricNode, FabricNode];
    return {
      routerNs: router,
      nodes,
      routePodBlocksOnRouter() {
        for (const node of nodes) {
          ip(router, 'route', 'replace', node.block.toString(), 'via', node.address.toString());
        }
      },
      destroy,
    };
  } catch (err) {
    destroy();
    throw err;
  }
}

/** The device `ip route get DST` picks in `ns`. */
export function routeDevice(ns: string, dst: IpAddress): string {
  const out = execFileSync('ip', ['-j', '-n', ns, 'route', 'get', dst.toString()], { encoding: 'utf8' });
  const [route] = JSON.parse(out) as { dev: string }[];
  return route?.dev ?? '';
}
