// Joins a running NodeRuntime to observability (called from daemon/node/main.ts): the snapshot
// adapter, the runtime's events → status writer, and BGP session state changes → the urgent path.
//
// The speaker emits no per-session state events yet, so session states are polled (every
// `sessionPollMs`, from the speaker's own status, which is cheap) and each change is reported as it is
// seen; a flap shorter than the poll shows in the flap counter at the next snapshot instead.
import type { Logger } from '../../../common/index.js';
import type { Backend, BgpSessionState, SyncStatus } from '../../../datastore/index.js';
import type { NodeConfig } from '../config/index.js';
import type { NodeRuntime } from '../runtime/node-runtime.js';
import { RuntimeSnapshotAdapter } from './from-runtime.js';
import { startNodeObservability, type NodeObservability } from './wire.js';

export interface RuntimeObservabilityOptions {
  readonly config: NodeConfig;
  readonly runtime: NodeRuntime;
  readonly backend: Backend | undefined;
  readonly log: Logger;
  readonly version: string;
  readonly sessionPollMs?: number;
}

export async function startRuntimeObservability(
  options: RuntimeObservabilityOptions,
): Promise<NodeObservability> {
  const { runtime, config, log } = options;
  const adapter = new RuntimeSnapshotAdapter({ version: options.version, startedAtMs: Date.now() });
  const observability = await startNodeObservability({
    config,
    log: log.child({ component: 'observability' }),
    snapshot: () => adapter.snapshot(runtime.snapshot()),
    ...(options.backend === undefined ? {} : { backend: options.backend }),
  });
  const changed = (): void => observability.changed();
  const onSync = (status: SyncStatus): void => {
    adapter.onSyncStatus(status);
    changed();
  };
  const onKernel = (last: { readonly error?: string }): void => {
    adapter.onKernelApply(last);
    changed();
  };
  runtime.on('sync-status', onSync);
  runtime.on('kernel-apply', onKernel);
  runtime.on('policy-apply', changed);
  runtime.on('desired', changed);
  runtime.on('ready', changed);
  runtime.on('datastore-connection', changed);
  const states = new Map<string, string>();
  const poll = setInterval(() => {
    for (const peer of runtime.currentSpeaker()?.peerStatus() ?? []) {
      if (states.get(peer.peer) === peer.state) continue;
      states.set(peer.peer, peer.state);
      observability.sessionStateChanged(peer.peer, peer.state as BgpSessionState);
    }
  }, options.sessionPollMs ?? 1_000);
  poll.unref();
  return {
    ...observability,
    close: async () => {
      clearInterval(poll);
      runtime.off('sync-status', onSync);
      runtime.off('kernel-apply', onKernel);
      runtime.off('policy-apply', changed);
      runtime.off('desired', changed);
      runtime.off('ready', changed);
      runtime.off('datastore-connection', changed);
      await observability.close();
    },
  };
}
