// twill-typha as a lab node: the datastore fan-out the twill nodes sync from, on the management network
// (port 5473, mutual TLS with the lab's PKI), reading the topology's etcd node. Under containerlab it is
// `kind: linux` with Twill's image and the label `twill-lab.kind: typha`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../errors.js';
import { nodeRun, startDaemon, type NodeContext } from './context.js';
import { ETCD_CLIENT_PORT } from './etcd.js';
import type { NodeKindRuntime } from './kind.js';
import { labPki, NODE_CLIENT_CN } from './pki.js';

export const TYPHA_PORT = 5473;
const TYPHA_MAIN = fileURLToPath(new URL('../../daemon/typha/main.js', import.meta.url));

export function mgmtAddressOf(ctx: NodeContext, kind: 'etcd' | 'typha'): string | undefined {
  return ctx.topology.nodes.find((n) => n.kind === kind && n.mgmtIpv4 !== undefined)?.mgmtIpv4?.split('/')[0];
}

/** The lab folder (parent of the node folders), where the PKI lives. */
export function labFolder(ctx: Pick<NodeContext, 'dir'>): string {
  return path.dirname(ctx.dir);
}

export const typhaKind: NodeKindRuntime = {
  start: async (ctx) => {
    const etcd = mgmtAddressOf(ctx, 'etcd');
    const self = ctx.node.mgmtIpv4?.split('/')[0];
    if (!etcd || !self)
      throw new LabError(
        'LAB_NODE_FAILED',
        `${ctx.node.name}: typha needs mgmt addresses for itself and an etcd node`,
        {
          node: ctx.node.name,
        },
      );
    const pki = await labPki(labFolder(ctx), self);
    startDaemon(ctx, 'twill-typha', [
      process.execPath,
      TYPHA_MAIN,
      '--listen',
      `0.0.0.0:${TYPHA_PORT}`,
      '--http',
      '127.0.0.1:9093',
      '--datastore',
      'etcd',
      '--etcd-endpoints',
      `http://${etcd}:${ETCD_CLIENT_PORT}`,
      '--tls-cert',
      pki.serverCert,
      '--tls-key',
      pki.serverKey,
      '--tls-ca',
      pki.ca,
      '--allowed-cn',
      NODE_CLIENT_CN,
    ]);
  },
  ready: async (ctx) => {
    const probe = `require('net').connect(${TYPHA_PORT}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
    const r = await nodeRun(ctx, [process.execPath, '-e', probe], { allowFailure: true, timeoutMs: 5000 });
    return r.code === 0;
  },
};
