// The calculation graph's latest value of each output (what `node.desired` answers); unlike the test
// recorder it keeps no history, so a long-running daemon does not grow.
import type { PolicyState } from '../../../routing/nftables/index.js';
import type {
  CalcGraphOutputs,
  DesiredBgpState,
  NodeIdentity,
  OriginatedPrefixes,
  RemoteRoutes,
} from '../calc/index.js';

export interface DesiredSnapshot {
  readonly identity?: NodeIdentity;
  readonly bgp?: DesiredBgpState;
  readonly originated?: OriginatedPrefixes;
  readonly remote?: RemoteRoutes;
  readonly policy?: PolicyState;
}

export class LatestOutputs {
  private value: DesiredSnapshot = {};

  /** Records each output, then hands it to `next`. */
  tap(next: Required<CalcGraphOutputs>): Required<CalcGraphOutputs> {
    return {
      onIdentityUpdate: (identity) => {
        this.value = { ...this.value, identity };
        next.onIdentityUpdate(identity);
      },
      onBgpUpdate: (bgp) => {
        this.value = { ...this.value, bgp };
        next.onBgpUpdate(bgp);
      },
      onOriginatedPrefixesUpdate: (originated) => {
        this.value = { ...this.value, originated };
        next.onOriginatedPrefixesUpdate(originated);
      },
      onRemoteRoutesUpdate: (remote) => {
        this.value = { ...this.value, remote };
        next.onRemoteRoutesUpdate(remote);
      },
      onPolicyUpdate: (policy) => {
        this.value = { ...this.value, policy };
        next.onPolicyUpdate(policy);
      },
    };
  }

  /** Same shape as OutputRecorder.latest(). */
  latest(): DesiredSnapshot {
    return this.value;
  }
}
