// etcd v3 as a lab node: the control plane's datastore, serving clients on every address of its
// namespace (its management address is what Twill nodes use) at 2379, as the official image does.
// Under containerlab the same node is `kind: linux` with an etcd image and its command line in `cmd`;
// here the lab runs Debian's etcd with the equivalent flags, its data in the node's run folder, plus a
// unix-socket relay (`<dir>/etcd.sock`) for processes outside the lab's namespaces (tests, the demo).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRun, startDaemon, type NodeContext } from './context.js';
import type { NodeKindRuntime } from './kind.js';

export const ETCD_CLIENT_PORT = 2379;
const UNIX_RELAY = fileURLToPath(new URL('../unix-relay.js', import.meta.url));

/** The unix socket that reaches this etcd's client port; endpoint form `unix://<path>`. */
export function etcdSocket(ctx: Pick<NodeContext, 'dir'>): string {
  return path.join(ctx.dir, 'etcd.sock');
}

export const etcdKind: NodeKindRuntime = {
  start: async (ctx) => {
    const client = `http://0.0.0.0:${ETCD_CLIENT_PORT}`;
    const advertise = ctx.node.mgmtIpv4
      ? `http://${ctx.node.mgmtIpv4.split('/')[0]}:${ETCD_CLIENT_PORT}`
      : `http://127.0.0.1:${ETCD_CLIENT_PORT}`;
    const peer = 'http://127.0.0.1:2380';
    startDaemon(ctx, 'etcd', [
      'etcd',
      '--name',
      ctx.node.name,
      '--data-dir',
      path.join(ctx.dir, 'data'),
      '--listen-client-urls',
      client,
      '--advertise-client-urls',
      advertise,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      `${ctx.node.name}=${peer}`,
      '--logger=zap',
    ]);
    startDaemon(ctx, 'etcd-relay', [
      process.execPath,
      UNIX_RELAY,
      etcdSocket(ctx),
      '127.0.0.1',
      String(ETCD_CLIENT_PORT),
    ]);
  },
  ready: async (ctx) => {
    const r = await nodeRun(
      ctx,
      ['etcdctl', `--endpoints=127.0.0.1:${ETCD_CLIENT_PORT}`, '--dial-timeout=2s', 'endpoint', 'health'],
      { allowFailure: true, timeoutMs: 5000, env: { ETCDCTL_API: '3' } },
    );
    return r.code === 0 && /is healthy/.test(r.stdout + r.stderr);
  },
};
