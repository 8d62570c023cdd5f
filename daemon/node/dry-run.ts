// `twill-node --dry-run`: list and watch the datastore until in-sync, run the calculation graph once,
// and return the desired state it computed. Touches no socket but the datastore's and no kernel state.
import { TwillError, type Clock, systemClock } from '../../common/index.js';
import { Syncer, type Backend } from '../../datastore/index.js';
import { CALC_GRAPH_KINDS, CalcGraph, OutputRecorder, type AutodetectedAddresses } from './calc/index.js';

import { formatAutodetectionMethod, type AutodetectionMethod, type NodeConfig } from './config/index.js';

export interface DryRunResult {
  /** Autodetection methods that need the kernel and were not run (the Node resource's address is used). */
  readonly autodetectionSkipped: readonly string[];
  readonly desired: unknown;
}

export async function dryRun(
  config: NodeConfig,
  backend: Backend,
  options: { readonly timeoutMs?: number; readonly clock?: Clock } = {},
): Promise<DryRunResult> {
  const outputs = new OutputRecorder();
  const graph = new CalcGraph({
    nodeName: config.nodeName,
    defaultListenPort: config.bgp.listenPort,
    outputs,
  });
  const { autodetected, skipped } = fixedAddresses(config.autodetection);
  graph.setAutodetected(autodetected);
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const syncer = new Syncer({
    backend,
    kinds: CALC_GRAPH_KINDS,
    consumer: {
      onStatus(status) {
        graph.onStatus(status);
        if (status === 'in-sync') resolveSynced();
      },
      onUpdates(updates) {
        graph.onUpdates(updates);
      },
    },
  });
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = clock.setTimeout(
      () => reject(new TwillError('TIMEOUT', `the datastore did not reach in-sync within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  syncer.start();
  try {
    await Promise.race([synced, timeout]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    await syncer.stop();
  }
  return { autodetectionSkipped: skipped, desired: outputs.latest() };
}

/** Only a fixed address can be "detected" without the kernel; the other methods are the wiring slice's. */
function fixedAddresses(methods: NodeConfig['autodetection']): {
  autodetected: AutodetectedAddresses;
  skipped: string[];
} {
  const skipped: string[] = [];
  const pick = (method: AutodetectionMethod, family: 4 | 6) => {
    if (method.kind === 'fixed') {
      const cidr = method.address.includes('/')
        ? method.address
        : `${method.address}/${family === 4 ? 32 : 128}`;
      return { cidr, method: formatAutodetectionMethod(method) };
    }
    if (method.kind !== 'none') skipped.push(`ipv${family}: ${formatAutodetectionMethod(method)}`);
    return undefined;
  };
  const ipv4 = pick(methods.ipv4, 4);
  const ipv6 = pick(methods.ipv6, 6);
  return {
    autodetected: { ...(ipv4 === undefined ? {} : { ipv4 }), ...(ipv6 === undefined ? {} : { ipv6 }) },
    skipped,
  };
}
