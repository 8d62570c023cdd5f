// Twill's own node daemon, `twill-node`, as a lab node. The kind writes the node's configuration
// (`<dir>/twill-node.yaml`): its name, the datastore on the management network (the topology's etcd
// node, or its twill-typha), address autodetection on the fabric interface (eth1, as a node's NIC towards its ToR) and a
// control socket in the node's run folder; `env` of the topology (TWILL_* variables) overrides any of it,
// as it does in a container under containerlab. A bind to /etc/twill/*.yaml replaces the generated file.
// Ready = the control socket answers `twillctl bgp peers`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { LabError } from '../errors.js';
import { run } from '../exec.js';
import { ETCD_CLIENT_PORT } from './etcd.js';
import { startDaemon, type NodeContext } from './context.js';
import { labPki, TYPHA_SERVER_CN } from './pki.js';
import { labFolder, mgmtAddressOf, TYPHA_PORT } from './typha.js';
import type { NodeKindRuntime } from './kind.js';

const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const TWILL_NODE_MAIN = path.join(DIST, 'daemon/node/main.js');
export const TWILLCTL_MAIN = path.join(DIST, 'daemon/ctl/main.js');

export function twillSocket(ctx: Pick<NodeContext, 'dir'>): string {
  return path.join(ctx.dir, 'twill-node.sock');
}

export function twillConfigPath(ctx: Pick<NodeContext, 'dir'>): string {
  return path.join(ctx.dir, 'twill-node.yaml');
}

/**
 * The datastore on the management network: the topology's twill-typha if it has one (mutual TLS with the
 * lab's PKI, as nodes sync from typha in a large cluster), else its etcd.
 */
async function datastoreConfig(ctx: NodeContext): Promise<Record<string, unknown>> {
  const typha = mgmtAddressOf(ctx, 'typha');
  if (typha !== undefined) {
    const pki = await labPki(labFolder(ctx), typha);
    // typha is read-only: the node writes its own Node (address, VTEP, WireGuard key) to etcd directly.
    const etcd = mgmtAddressOf(ctx, 'etcd');
    return {
      type: 'typha',
      ...(etcd === undefined ? {} : { etcd: { endpoints: [`http://${etcd}:${ETCD_CLIENT_PORT}`] } }),
      typha: {
        addresses: [`${typha}:${TYPHA_PORT}`],
        caFile: pki.ca,
        certFile: pki.clientCert,
        keyFile: pki.clientKey,
        serverCommonName: TYPHA_SERVER_CN,
      },
    };
  }
  const etcd = mgmtAddressOf(ctx, 'etcd');
  if (etcd === undefined && ctx.node.env['TWILL_ETCD_ENDPOINTS'] === undefined) {
    throw new LabError(
      'LAB_NODE_FAILED',
      `${ctx.node.name}: a twill node needs a datastore: an etcd (or twill-typha) node on the management network (mgmt.ipv4-subnet), or TWILL_ETCD_ENDPOINTS in its env`,
      { node: ctx.node.name },
    );
  }
  return {
    type: 'etcd',
    etcd: { endpoints: etcd === undefined ? [] : [`http://${etcd}:${ETCD_CLIENT_PORT}`] },
  };
}

/** The configuration the lab gives a twill node (see daemon/node/config/schema.ts for every key). */
export async function twillNodeConfig(ctx: NodeContext): Promise<Record<string, unknown>> {
  return {
    nodeName: ctx.node.name,
    datastore: await datastoreConfig(ctx),
    log: { level: 'info', format: 'json' },
    autodetection: { ipv4: 'interface=eth1', ipv6: 'interface=eth1' },
    control: { socket: twillSocket(ctx) },
    // The restart marker tells a restarted twill-node that it kept its kernel routes; one per node.
    restart: { stateFile: path.join(ctx.dir, 'node-restart.json') },
    // wireguard-go's UAPI socket per node: every node's device is twill.wg, on one host.
    dataplane: { wireguardSocketDir: path.join(ctx.dir, 'wireguard') },
    metrics: { listen: 'off' },
    health: { listen: '127.0.0.1:9099' },
  };
}

export const twillKind: NodeKindRuntime = {
  execFirst: true,
  start: async (ctx) => {
    const config = ctx.node.config ?? twillConfigPath(ctx);
    if (ctx.node.config === undefined) writeFileSync(config, stringify(await twillNodeConfig(ctx)));
    startDaemon(ctx, 'twill-node', [process.execPath, TWILL_NODE_MAIN, '--config', config]);
  },
  ready: async (ctx) => {
    const r = await run([process.execPath, TWILLCTL_MAIN, '--socket', twillSocket(ctx), 'bgp', 'peers'], {
      allowFailure: true,
      timeoutMs: 10_000,
    });
    return r.code === 0;
  },
};
