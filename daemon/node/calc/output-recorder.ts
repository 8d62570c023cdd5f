import type { PolicyState } from '../../../routing/nftables/index.js';
import type { DesiredBgpState, NodeIdentity, OriginatedPrefixes, RemoteRoutes } from './desired-state.js';
import type { CalcGraphOutputs } from './graph.js';

/** Records every emission of a CalcGraph, per output. */
export class OutputRecorder implements CalcGraphOutputs {
  readonly identity: NodeIdentity[] = [];
  readonly bgp: DesiredBgpState[] = [];
  readonly originated: OriginatedPrefixes[] = [];
  readonly remote: RemoteRoutes[] = [];
  readonly policy: PolicyState[] = [];

  onIdentityUpdate(value: NodeIdentity): void {
    this.identity.push(value);
  }
  onBgpUpdate(value: DesiredBgpState): void {
    this.bgp.push(value);
  }
  onOriginatedPrefixesUpdate(value: OriginatedPrefixes): void {
    this.originated.push(value);
  }
  onRemoteRoutesUpdate(value: RemoteRoutes): void {
    this.remote.push(value);
  }
  onPolicyUpdate(value: PolicyState): void {
    this.policy.push(value);
  }

  /** How many emissions each output has had, for "this change touched only X" assertions. */
  counts(): Record<'identity' | 'bgp' | 'originated' | 'remote' | 'policy', number> {
    return {
      identity: this.identity.length,
      bgp: this.bgp.length,
      originated: this.originated.length,
      remote: this.remote.length,
      policy: this.policy.length,
    };
  }

  /** The last value of each output: the state a consumer would now hold. */
  latest(): unknown {
    return {
      identity: this.identity.at(-1),
      bgp: this.bgp.at(-1),
      originated: this.originated.at(-1),
      remote: this.remote.at(-1),
      policy: this.policy.at(-1),
    };
  }
}
