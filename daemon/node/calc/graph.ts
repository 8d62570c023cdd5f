// The calculation graph of twill-node, wired here and only here. Pure: no I/O, no timers.
//
//   Syncer (snapshot, in-sync, deltas)      autodetection      Service watcher
//        │ onUpdates / onStatus                  │ setAutodetected   │ onServiceUpdate/Remove
//        ▼                                       │                   │
//   ResourceIndex ──────────────┬────────────────┼───────────────────┤
//        │                      │                ▼                   │
//        │              local-identity-calculator ──► onIdentityUpdate
//        │                      │ identity                           │
//        ├──────────────────────┼──► bgp-peer-calculator ──────────► onBgpUpdate
//        │                      │      (mesh-peers, explicit-peers, dedupe)
//        ├──────────────────────┴──► remote-route-calculator ──────► onRemoteRoutesUpdate
//        │                             (encapsulation-resolver)      │
//        ├─────────────────────────► originated-prefix-calculator ◄──┘► onOriginatedPrefixesUpdate
//        └─────────────────────────► policy-input-calculator ──────► onPolicyUpdate
//
// Each calculator runs only when a kind (or input) it reads changed in the batch, and every output
// passes a ChangeGate, so a consumer hears of a piece of state only when it is different. Nothing is
// emitted before the first in-sync: until then the picture is partial, and acting on it would withdraw
// routes and peers that are merely not listed yet.
import type { ResourceKind, SyncerConsumer, SyncStatus, SyncUpdate } from '../../../datastore/index.js';
import type { PolicyState } from '../../../routing/nftables/index.js';
import { calculateBgp } from './bgp-peer-calculator.js';
import { ChangeGate } from './change-gate.js';
import type {
  AutodetectedAddresses,
  DesiredBgpState,
  NodeIdentity,
  OriginatedPrefixes,
  RemoteRoutes,
  ServiceInput,
} from './desired-state.js';
import { calculateIdentity } from './local-identity-calculator.js';
import { calculateOriginatedPrefixes } from './originated-prefix-calculator.js';
import { calculatePolicyInputs } from './policy-input-calculator.js';
import { calculateRemoteRoutes } from './remote-route-calculator.js';
import { ResourceIndex } from './resource-index.js';

export interface CalcGraphOutputs {
  onIdentityUpdate?(identity: NodeIdentity): void;
  onBgpUpdate?(bgp: DesiredBgpState): void;
  onOriginatedPrefixesUpdate?(prefixes: OriginatedPrefixes): void;
  onRemoteRoutesUpdate?(routes: RemoteRoutes): void;
  onPolicyUpdate?(policy: PolicyState): void;
}

export interface CalcGraphOptions {
  readonly nodeName: string;
  /** From the configuration (bgp.listenPort); BGPConfiguration.listenPort overrides it. */
  readonly defaultListenPort: number;
  readonly outputs: CalcGraphOutputs;
}

/** Which inputs each calculator reads; `identity` and `services` are the non-datastore inputs. */
type Input = ResourceKind | 'identity' | 'autodetected' | 'services';
const READS = {
  identity: new Set<Input>(['Node', 'BGPConfiguration', 'autodetected']),
  bgp: new Set<Input>(['Node', 'BGPConfiguration', 'BGPPeer', 'BGPFilter', 'identity']),
  remote: new Set<Input>(['Node', 'IPAMBlock', 'IPPool', 'identity']),
  originated: new Set<Input>(['IPAMBlock', 'IPPool', 'WorkloadEndpoint', 'BGPConfiguration', 'services']),
  policy: new Set<Input>(['NetworkPolicy', 'WorkloadEndpoint', 'Namespace', 'IPPool']),
} as const;

/** The kinds the graph reads: what the syncer must watch for twill-node. */
export const CALC_GRAPH_KINDS: readonly ResourceKind[] = [
  'Node',
  'BGPConfiguration',
  'BGPPeer',
  'BGPFilter',
  'IPPool',
  'IPAMBlock',
  'WorkloadEndpoint',
  'NetworkPolicy',
  'Namespace',
];

export class CalcGraph implements SyncerConsumer {
  private readonly index = new ResourceIndex();
  private readonly options: CalcGraphOptions;
  private readonly services = new Map<string, ServiceInput>();
  private autodetected: AutodetectedAddresses = {};
  private inSyncOnce = false;
  private identity: NodeIdentity | undefined;
  private readonly gates = {
    identity: new ChangeGate<NodeIdentity>(),
    bgp: new ChangeGate<DesiredBgpState>(),
    remote: new ChangeGate<RemoteRoutes>(),
    originated: new ChangeGate<OriginatedPrefixes>(),
    policy: new ChangeGate<PolicyState>(),
  };
  /** Inputs changed since the last flush (everything counts as changed for the first flush). */
  private pending = new Set<Input>();

  constructor(options: CalcGraphOptions) {
    this.options = options;
  }

  onStatus(status: SyncStatus): void {
    if (status !== 'in-sync' || this.inSyncOnce) return;
    this.inSyncOnce = true;
    this.flush(true);
  }

  onUpdates(updates: readonly SyncUpdate[]): void {
    for (const update of updates) if (this.index.apply(update)) this.pending.add(update.resource.kind);
    this.flush(false);
  }

  setAutodetected(addresses: AutodetectedAddresses): void {
    this.autodetected = addresses;
    this.pending.add('autodetected');
    this.flush(false);
  }

  onServiceUpdate(service: ServiceInput): void {
    this.services.set(`${service.namespace}/${service.name}`, service);
    this.pending.add('services');
    this.flush(false);
  }

  onServiceRemove(namespace: string, name: string): void {
    if (this.services.delete(`${namespace}/${name}`)) this.pending.add('services');
    this.flush(false);
  }

  /** Many service changes as one batch (one recalculation), as the Service watcher coalesces them. */
  onServiceChanges(
    updates: readonly ServiceInput[],
    removals: readonly { readonly namespace: string; readonly name: string }[],
  ): void {
    for (const service of updates) this.services.set(`${service.namespace}/${service.name}`, service);
    for (const { namespace, name } of removals) this.services.delete(`${namespace}/${name}`);
    if (updates.length + removals.length > 0) this.pending.add('services');
    this.flush(false);
  }

  private flush(all: boolean): void {
    if (!this.inSyncOnce) return;
    const changed = this.pending;
    this.pending = new Set();
    const reads = (calculator: keyof typeof READS): boolean =>
      all || [...READS[calculator]].some((input) => changed.has(input));
    const { nodeName, outputs } = this.options;
    if (reads('identity') || this.identity === undefined) {
      this.identity = calculateIdentity(this.index, nodeName, this.autodetected);
      if (this.gates.identity.offer(this.identity, (value) => outputs.onIdentityUpdate?.(value)))
        changed.add('identity');
    }
    const identity = this.identity;
    if (reads('bgp'))
      this.gates.bgp.offer(calculateBgp(this.index, identity, this.options.defaultListenPort), (value) =>
        outputs.onBgpUpdate?.(value),
      );
    if (reads('remote'))
      this.gates.remote.offer(calculateRemoteRoutes(this.index, identity), (value) =>
        outputs.onRemoteRoutesUpdate?.(value),
      );
    if (reads('originated'))
      this.gates.originated.offer(
        calculateOriginatedPrefixes(this.index, nodeName, this.services.values()),
        (value) => outputs.onOriginatedPrefixesUpdate?.(value),
      );
    if (reads('policy'))
      this.gates.policy.offer(calculatePolicyInputs(this.index, nodeName), (value) =>
        outputs.onPolicyUpdate?.(value),
      );
  }
}
