/**
 * What the `twillctl diags` bundle holds: effective configuration (secrets masked), BGP sessions and RIB
 * summary from the control socket, twill-node's desired state and owned kernel routes, kernel routes of
 * every table with their protocol, the nftables ruleset, the IPAM view from the datastore, recent logs,
 * and versions. Each is a Collector (collector.ts); the command runs them all.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import type { PeerStatusWithCounts, RouteJson } from '../../../bgp/speaker/index.js';
import { request } from '../control-client.js';
import { openCtlDatastore } from '../datastore-connection.js';
import { command, maskSecrets, type Collector } from './collector.js';

export interface DiagsOptions {
  readonly socket: string;
  /** twill-node's configuration file (for --print-config), or a twill-bgpd YAML file. */
  readonly nodeConfig?: string;
  readonly bgpdConfig?: string;
  readonly logFile?: string;
  readonly journalUnit: string;
  readonly netns?: string;
  /** Datastore flags (datastore-connection.ts); none: the IPAM view is recorded as not collected. */
  readonly datastoreFlags: Readonly<Record<string, string | undefined>>;
  readonly env: NodeJS.ProcessEnv;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const NODE_MAIN = fileURLToPath(new URL('../../node/main.js', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../../package.json', import.meta.url));

export function collectors(o: DiagsOptions): Collector[] {
  const ns = o.netns;
  const list: Collector[] = [
    {
      file: 'config-twill-node.txt',
      what: 'twill-node effective configuration (--print-config, secrets masked)',
      collect: async () =>
        maskSecrets(
          await command([
            'node',
            NODE_MAIN,
            ...(o.nodeConfig === undefined ? [] : ['--config', o.nodeConfig]),
            '--print-config',
          ]),
        ),
    },
    {
      file: 'bgp-peers.json',
      what: 'BGP sessions (bgp.peers, as twillctl bgp peers -o json)',
      collect: async () => json(await request(o.socket, 'bgp.peers')),
    },
    {
      file: 'bgp-rib-summary.json',
      what: 'RIB summary: best routes per family, received/accepted/advertised per peer',
      collect: async () => {
        const peers = (await request(o.socket, 'bgp.peers')) as PeerStatusWithCounts[];
        const best = async (afi: string) =>
          ((await request(o.socket, 'bgp.routes', { view: 'best', afi })) as RouteJson[]).length;
        return json({
          bestRoutes: { ipv4: await best('ipv4'), ipv6: await best('ipv6') },
          peers: peers.map((p) => ({ peer: p.peer, state: p.state, prefixes: p.prefixes })),
        });
      },
    },
    {
      file: 'bgp-advertised-reasons.json',
      what: 'advertised routes with why each is sent or held back (twillctl bgp routes advertised)',
      collect: async () => json(await request(o.socket, 'bgp.routes', { view: 'advertised', reasons: true })),
    },
    {
      file: 'node-desired.json',
      what: "twill-node's calculation outputs (node.desired)",
      collect: async () => json(await request(o.socket, 'node.desired')),
    },
    {
      file: 'node-kernel-routes.json',
      what: "twill-node's wanted and owned kernel routes (node.kernel-routes)",
      collect: async () => json(await request(o.socket, 'node.kernel-routes')),
    },
    {
      file: 'kernel-routes-v4.txt',
      what: 'kernel IPv4 routes, every table, with protocol (ip -d route show table all)',
      collect: () => command(['ip', '-d', 'route', 'show', 'table', 'all'], ns),
    },
    {
      file: 'kernel-routes-v6.txt',
      what: 'kernel IPv6 routes, every table, with protocol (ip -6 -d route show table all)',
      collect: () => command(['ip', '-6', '-d', 'route', 'show', 'table', 'all'], ns),
    },
    {
      file: 'kernel-links.txt',
      what: 'links and addresses (ip -d addr)',
      collect: () => command(['ip', '-d', 'addr'], ns),
    },
    {
      file: 'nft-ruleset.txt',
      what: 'nftables ruleset (nft list ruleset)',
      collect: () => command(['nft', 'list', 'ruleset'], ns),
    },
    {
      file: 'ipam.json',
      what: 'IPAM view: IPPools and IPAMBlocks with affinity and use (datastore)',
      collect: () => ipamView(o),
    },
    {
      file: 'logs.txt',
      what:
        o.logFile === undefined
          ? `recent logs (journalctl -u ${o.journalUnit})`
          : `recent logs (${o.logFile})`,
      collect: async () =>
        o.logFile === undefined
          ? await command(['journalctl', '-u', o.journalUnit, '-n', '2000', '--no-pager', '-o', 'short-iso'])
          : lastLines(await readFile(o.logFile, 'utf8'), 2000),
    },
    {
      file: 'versions.txt',
      what: 'versions of twill, Node.js, kernel, nft, iproute2, bird, frr',
      collect: versions,
    },
  ];
  if (o.bgpdConfig !== undefined) {
    const file = o.bgpdConfig;
    list.unshift({
      file: 'config-twill-bgpd.yaml',
      what: `twill-bgpd configuration ${file} (secrets masked)`,
      collect: async () => maskSecrets(await readFile(file, 'utf8')),
    });
  }
  return list;
}

function lastLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.slice(Math.max(0, lines.length - n - 1)).join('\n');
}

async function ipamView(o: DiagsOptions): Promise<string> {
  const given =
    ['datastore', 'etcd-endpoints', 'kubeconfig'].some((f) => o.datastoreFlags[f] !== undefined) ||
    ['TWILL_DATASTORE_TYPE', 'TWILL_ETCD_ENDPOINTS', 'TWILL_KUBECONFIG'].some((v) => o.env[v] !== undefined);
  if (!given) throw new Error('no datastore given (--datastore / --etcd-endpoints / --kubeconfig)');
  const { backend, where } = await openCtlDatastore(o.datastoreFlags, o.env);
  try {
    const [pools, blocks] = await Promise.all([backend.list('IPPool'), backend.list('IPAMBlock')]);
    return json({
      datastore: where,
      pools: pools.items.map((p) => ({ name: p.metadata.name, ...p.spec })),
      blocks: blocks.items.map((b) => ({
        name: b.metadata.name,
        cidr: b.spec.cidr,
        affinity: b.spec.affinity ?? null,
        inUse: b.spec.allocations.filter((a) => a !== null).length,
        size: b.spec.allocations.length,
      })),
    });
  } finally {
    await backend.close().catch(() => undefined);
  }
}

/** Each tool's version line, or why it could not be read; never fails as a whole. */
async function versions(): Promise<string> {
  const pkg = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version?: string };
  const lines = [`twill ${pkg.version ?? '?'}`, `node ${process.version}`];
  const tools: [string, string[]][] = [
    ['kernel', ['uname', '-r']],
    ['nft', ['nft', '--version']],
    ['iproute2', ['ip', '-V']],
    ['bird', ['bird', '--version']],
    ['frr', ['/usr/lib/frr/bgpd', '--version']],
  ];
  for (const [name, argv] of tools) {
    const out = await command(argv, undefined, 5_000).catch(
      (e: unknown) => `not available (${String((e as Error).message)})`,
    );
    lines.push(`${name}: ${out.trim().split('\n')[0] ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
