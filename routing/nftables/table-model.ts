// The desired content of Twill's table as plain data: what the compiler produces and the differ and
// the text renderer consume. Rules and elements are kept as nft text (what the renderer writes), so two
// models compare with string equality.

export interface NftSetSpec {
  /** `set` holds keys; `map` holds `key : value` elements (our maps are verdict maps). */
  readonly kind: 'set' | 'map';
  /** nft type expression, e.g. `ipv4_addr`, `ipv4_addr . inet_proto . inet_service`, `ifname : verdict`. */
  readonly type: string;
  readonly interval: boolean;
  /** Element text, e.g. `10.0.0.1`, `10.0.0.0/8`, `"veth1" : jump in-g1`. */
  readonly elements: ReadonlySet<string>;
}

export interface NftChainSpec {
  /** For base chains: `type filter hook forward priority filter; policy accept;`. */
  readonly base?: string;
  readonly rules: readonly string[];
}

/** What a drop counter counts, for status and metrics. */
export interface DropCounterOwner {
  readonly namespace: string;
  readonly name: string;
  readonly direction: 'ingress' | 'egress';
}

export interface DesiredTable {
  readonly name: string;
  readonly sets: ReadonlyMap<string, NftSetSpec>;
  readonly chains: ReadonlyMap<string, NftChainSpec>;
  /** Named counters, by name, with the policy whose drops they count. */
  readonly counters: ReadonlyMap<string, DropCounterOwner>;
}
