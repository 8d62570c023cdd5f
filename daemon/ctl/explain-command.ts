/**
 * twillctl explain route PREFIX [--node N] [--socket S] [--datastore etcd|kubernetes] [--etcd-endpoints U]
 *                               [--kubeconfig F] [--netns NAME] [-o table|json|yaml]
 *
 * Walks the route's path through Twill and says in words what each step has: datastore (IPPool,
 * IPAMBlock, affinity; read directly) → this node's calculation (`node.desired`) → the BGP RIB
 * (`bgp.paths`) → the kernel (`ip route`, every table). Ends with a one-line verdict: where the route
 * is, or the first step where it goes missing and why. A step that cannot be consulted (no datastore
 * flags, twill-bgpd instead of twill-node, another node) says so and is left out of the verdict.
 */
import os from 'node:os';
import { stringify as toYaml } from 'yaml';

import { assertNever, errorMessage, Prefix, tryParseIpAddress, tryParsePrefix } from '../../common/index.js';
import type { NodeDesiredResult, NodeKernelRoutesResult } from '../bgpd/control-protocol.js';
import { flagRecord, outputFormat, parseArgv } from './argv.js';
import { CtlError, request } from './control-client.js';
import { EXPLAIN_FLAGS } from './ctl-flags.js';
import { openCtlDatastore } from './datastore-connection.js';
import { bgpStep } from './explain/bgp-step.js';
import { calculationStep } from './explain/calculation-step.js';
import { datastoreStep } from './explain/datastore-step.js';
import { skipped, type ExplainStep } from './explain/explain-step.js';
import { kernelRoutes, kernelStep } from './explain/kernel-step.js';
import { nodeStatusStep } from './explain/status-step.js';

const USAGE =
  'usage: twillctl explain route PREFIX [--node N] [--socket S] [--datastore etcd|kubernetes] [--etcd-endpoints URLS] [--kubeconfig FILE] [--netns NAME] [-o table|json|yaml]';

export interface RouteExplanation {
  readonly prefix: string;
  readonly node: string;
  readonly local: boolean;
  readonly steps: readonly ExplainStep[];
  readonly verdict: string;
}

export async function explainCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const args = parseArgv(argv, EXPLAIN_FLAGS, 'explain');
  const flags = flagRecord(args);
  const [what, text, extra] = args.positional;
  if (what !== 'route' || text === undefined || extra !== undefined) throw new CtlError('USAGE', USAGE);
  const output = outputFormat(args, ['table', 'json', 'yaml']);
  const prefix = parseTarget(text);
  const socket = flags.socket ?? env.TWILL_CONTROL_SOCKET ?? env.TWILL_BGPD_SOCKET ?? '/run/twill/node.sock';
  const explanation = await explainRoute(prefix, { socket, flags, env });
  switch (output) {
    case 'json':
      return `${JSON.stringify(explanation, null, 2)}\n`;
    case 'yaml':
      return toYaml(explanation);
    case 'table':
      return renderExplanation(explanation);
    default:
      return assertNever(output);
  }
}

function parseTarget(text: string): Prefix {
  const prefix = tryParsePrefix(text);
  if (prefix !== undefined) return prefix;
  const address = tryParseIpAddress(text);
  if (address !== undefined) return Prefix.host(address);
  throw new CtlError(
    'USAGE',
    `explain route: ${JSON.stringify(text)} is not a prefix (10.65.1.0/26) or an address`,
  );
}

interface ExplainContext {
  readonly socket: string;
  readonly flags: Record<string, string>;
  readonly env: NodeJS.ProcessEnv;
}

export async function explainRoute(prefix: Prefix, ctx: ExplainContext): Promise<RouteExplanation> {
  // The node behind the socket: twill-node says its name; twill-bgpd has none (this host).
  const desired = await request(ctx.socket, 'node.desired').then(
    (r) => r as NodeDesiredResult,
    () => undefined,
  );
  const socketNode = desired?.identity?.name;
  const localName = socketNode ?? os.hostname();
  const node = ctx.flags.node ?? localName;
  const local = ctx.flags.node === undefined || ctx.flags.node === localName;
  const steps: ExplainStep[] = [];

  const datastoreFlagsGiven =
    ['datastore', 'etcd-endpoints', 'kubeconfig'].some((f) => ctx.flags[f] !== undefined) ||
    ['TWILL_DATASTORE_TYPE', 'TWILL_ETCD_ENDPOINTS', 'TWILL_KUBECONFIG'].some(
      (v) => ctx.env[v] !== undefined,
    );
  const store = datastoreFlagsGiven
    ? await openCtlDatastore(ctx.flags, ctx.env).catch((e: unknown) => errorMessage(e))
    : 'no datastore given (--datastore / --etcd-endpoints / --kubeconfig, or TWILL_* variables)';
  try {
    if (typeof store === 'string') steps.push(skipped('datastore', 'datastore not read', [store]));
    else
      steps.push(
        await datastoreStep(store.backend, store.where, prefix).then(
          (f) => f.step,
          (e: unknown) =>
            skipped('datastore', 'datastore not readable', [`${store.where}: ${errorMessage(e)}`]),
        ),
      );

    if (!local) {
      if (typeof store === 'string')
        steps.push(
          skipped('calculation', `node ${node} is not local and no datastore to read its status from`),
        );
      else steps.push(await nodeStatusStep(store.backend, node, prefix));
      return { prefix: prefix.toString(), node, local, steps, verdict: verdict(steps) };
    }
  } finally {
    if (typeof store !== 'string') await store.backend.close().catch(() => undefined);
  }

  steps.push(
    desired === undefined
      ? skipped('calculation', "no calculation step (the socket is not twill-node's, or unreachable)", [
          `${ctx.socket} did not answer node.desired`,
        ])
      : calculationStep(desired, prefix),
  );
  steps.push(
    await bgpStep(ctx.socket, prefix).catch((e: unknown) =>
      skipped('bgp', 'BGP RIB not read', [`${ctx.socket}: ${errorMessage(e)}`]),
    ),
  );
  const owned =
    desired === undefined
      ? undefined
      : await request(ctx.socket, 'node.kernel-routes').then(
          (r) => r as NodeKernelRoutesResult,
          () => undefined,
        );
  steps.push(
    // --netns: the node is a network namespace on this host (the lab's nodes).
    await kernelRoutes(prefix.family, ctx.flags.netns).then(
      (routes) => kernelStep(routes, prefix, owned),
      (e: unknown) => skipped('kernel', 'kernel routes not read', [`ip route: ${errorMessage(e)}`]),
    ),
  );
  return { prefix: prefix.toString(), node, local, steps, verdict: verdict(steps) };
}

/**
 * In the kernel: say so. Otherwise the first step where it is missing — the datastore only when no later
 * step has the route (a route learned from a ToR is in no IPPool and that is fine).
 */
export function verdict(steps: readonly ExplainStep[]): string {
  const kernel = steps.find((s) => s.step === 'kernel');
  if (kernel?.status === 'present') return `OK: ${kernel.summary}`;
  const laterPresent = steps.some((s) => s.step !== 'datastore' && s.status === 'present');
  const missing = steps.find((s) => s.status === 'missing' && (s.step !== 'datastore' || !laterPresent));
  if (missing !== undefined) return `MISSING at ${missing.step}: ${missing.summary}`;
  const consulted = steps.filter((s) => s.status !== 'skipped');
  const last = consulted.at(-1);
  if (last === undefined) return 'UNKNOWN: no step could be consulted';
  return `PRESENT up to ${last.step} (${last.summary}); later steps not consulted`;
}

export function renderExplanation(e: RouteExplanation): string {
  const out = [`explain route ${e.prefix} on node ${e.node}${e.local ? '' : ' (not local)'}`];
  for (const [i, s] of e.steps.entries()) {
    out.push(`${i + 1}. ${s.step} [${s.status}]: ${s.summary}`);
    for (const line of s.lines) out.push(`     ${line}`);
  }
  out.push(`verdict: ${e.verdict}`);
  return `${out.join('\n')}\n`;
}
