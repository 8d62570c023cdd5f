// Conformance scenarios for the three-namespaces × three-pods lab (x, y, z × a, b, c), modelled on the
// upstream Kubernetes NetworkPolicy e2e suite. Pods are labelled pod=<name>, namespaces ns=<name>; every
// pod serves TCP and UDP on 53, 80 and 81 with named ports serve-<port>-<tcp|udp>; z/c plays the cluster
// DNS and also names its port 53 `dns` (UDP) and `dns-tcp` (TCP).
import type { NamedPort, NetworkPolicyInput } from '../model.js';
import { BASIC_SCENARIOS } from './scenarios-basic.js';
import { RULE_SCENARIOS } from './scenarios-rules.js';
import { UNDER_TRAFFIC_SCENARIOS } from './scenarios-under-traffic.js';

type Labels = Readonly<Record<string, string>>;

/** A long-running flow: a TCP connection, or UDP datagrams from one source port. */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

export interface Scenario {
  readonly name: string;
  readonly policies: readonly NetworkPolicyInput[];
  /** Pods whose labels differ from pod=<name> in this scenario. */
  readonly relabel?: Readonly<Record<string, Labels>>;
  /** Namespaces whose labels differ from ns=<name> in this scenario. */
  readonly nsLabels?: Readonly<Record<string, Labels>>;
  /**
   * Flows opened under the previous scenario (which allows them) and kept busy while this one is
   * applied: established connections survive the change (conntrack), new connections follow the new
   * policies (the probe matrix checks those).
   */
  readonly underTraffic?: readonly FlowSpec[];
}

/** Named ports some pods have besides serve-<port>-<protocol>. */
export const EXTRA_NAMED_PORTS: Readonly<Record<string, readonly NamedPort[]>> = {
  'z/c': [
    { name: 'dns', protocol: 'UDP', port: 53 },
    { name: 'dns-tcp', protocol: 'TCP', port: 53 },
  ],
};

/** In order: the under-traffic scenarios rely on the flows the scenario before them allows. */
export const SCENARIOS: readonly Scenario[] = [
  ...BASIC_SCENARIOS,
  ...RULE_SCENARIOS,
  ...UNDER_TRAFFIC_SCENARIOS,
];
