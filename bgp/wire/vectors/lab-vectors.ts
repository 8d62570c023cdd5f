/**
 * From the messages of one captured link (capture/vectors.clab.yml) to vectors: who sent each message
 * (router, version, node, AS, config file), what the session was, and the codec context to decode it
 * with, negotiated from the two OPEN messages of its TCP connection. Duplicates (same sender, same
 * bytes) are kept once.
 */
import { TwillError } from '../../../common/index.js';
import { decodeMessage } from '../decode.js';
import { DEFAULT_CONTEXT, type CodecContext } from '../context.js';
import type { OpenMessage } from '../model.js';
import { negotiate } from '../negotiate.js';
import type { CapturedMessage } from './pcap.js';

interface LabNode {
  readonly node: string;
  readonly router: string;
  readonly as: number;
  readonly config: string;
}

const BIRD = 'BIRD 2.0.12';
const FRR = 'FRR 8.4.4';
const GOBGP = 'GoBGP 3.10.0';
const CONFIG = 'bgp/wire/vectors/capture/';

/** Every session address in capture/vectors.clab.yml. */
const NODES: Readonly<Record<string, LabNode>> = {
  '2001:db8:12::1': { node: 'bird1', router: BIRD, as: 4200000001, config: `${CONFIG}bird1.conf` },
  '10.0.13.1': { node: 'bird1', router: BIRD, as: 4200000001, config: `${CONFIG}bird1.conf` },
  '2001:db8:12::2': { node: 'frr1', router: FRR, as: 4200000002, config: `${CONFIG}frr1.conf` },
  '10.0.23.1': { node: 'frr1', router: FRR, as: 4200000002, config: `${CONFIG}frr1.conf` },
  '10.0.24.1': { node: 'frr1', router: FRR, as: 4200000002, config: `${CONFIG}frr1.conf` },
  '10.0.25.1': { node: 'frr1', router: FRR, as: 4200000002, config: `${CONFIG}frr1.conf` },
  '10.0.26.1': { node: 'frr1', router: FRR, as: 4200000002, config: `${CONFIG}frr1.conf` },
  '10.0.13.2': { node: 'gobgp1', router: GOBGP, as: 4200000003, config: `${CONFIG}gobgp1.toml` },
  '10.0.23.2': { node: 'gobgp1', router: GOBGP, as: 4200000003, config: `${CONFIG}gobgp1.toml` },
  '10.0.24.2': { node: 'birdold', router: BIRD, as: 65010, config: `${CONFIG}birdold.conf` },
  '10.0.25.2': { node: 'gobgp2', router: GOBGP, as: 4200000002, config: `${CONFIG}gobgp2.toml` },
  '10.0.26.2': { node: 'bird2', router: BIRD, as: 4200000002, config: `${CONFIG}bird2.conf` },
};

/** What each link's session is about (capture/vectors.clab.yml). */
const LINKS: Readonly<Record<string, string>> = {
  'bird1-frr1':
    'eBGP over IPv6 transport; IPv4 and IPv6 unicast; extended next hop (IPv4 NLRI, IPv6 next hop), ADD-PATH, extended message',
  'bird1-gobgp1': 'eBGP over IPv4; IPv4 and IPv6 unicast; graceful restart',
  'frr1-gobgp1':
    'eBGP over IPv4; IPv4 and IPv6 unicast; ADD-PATH (GoBGP receive and send-max 4, FRR addpath-tx-all-paths)',
  'frr1-birdold':
    'eBGP over IPv4 between a 4-octet-AS FRR and a BIRD without the 4-octet AS capability (FRR dont-capability-negotiate): AS_TRANS, AS4_PATH, AS4_AGGREGATOR',
  'frr1-gobgp2': 'iBGP over IPv4, GoBGP a route-reflector client of FRR; IPv4 and IPv6 unicast',
  'frr1-bird2': 'iBGP over IPv4, BIRD a route-reflector client of FRR; IPv4 and IPv6 unicast',
};

export interface Vector {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly session: string;
  readonly config: string;
  readonly type: string;
  readonly context: CodecContext;
  readonly hex: string;
}

const TYPES = ['', 'open', 'update', 'notification', 'keepalive', 'route-refresh'];

export function vectorsFrom(link: string, messages: readonly CapturedMessage[]): Vector[] {
  const opens = new Map<string, OpenMessage>();
  for (const m of messages) {
    const decoded = decodeMessage(m.bytes, DEFAULT_CONTEXT);
    if (decoded.ok && decoded.message.type === 'open') opens.set(m.stream, decoded.message);
  }
  const seen = new Set<string>();
  const counters = new Map<string, number>();
  const out: Vector[] = [];
  for (const m of messages) {
    const from = NODES[m.source];
    const to = NODES[m.destination];
    if (from === undefined || to === undefined)
      throw new TwillError('INVALID_ARGUMENT', `unknown address in ${m.stream}`);
    const hex = m.bytes.toString('hex');
    const type = TYPES[m.bytes[18] as number] ?? 'unknown';
    if (seen.has(`${from.node} ${hex}`)) continue;
    // Joined mid-connection (before capture.sh reset the sessions): without both OPENs the context is
    // unknown, so only the messages that do not depend on it are kept.
    const context = contextFor(m, opens, from.as === to.as);
    if (context === undefined && (type === 'update' || type === 'route-refresh')) continue;
    seen.add(`${from.node} ${hex}`);
    const key = `${from.node}-${to.node}-${type}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    out.push({
      name: `${key}-${n}`,
      from: `${from.router} (${from.node}, AS${from.as})`,
      to: `${to.router} (${to.node}, AS${to.as})`,
      session: LINKS[link] ?? link,
      config: from.config,
      type,
      context: context ?? { ...DEFAULT_CONTEXT, peerType: from.as === to.as ? 'internal' : 'external' },
      hex,
    });
  }
  return out;
}

/** The receiver's decoding context: negotiate(receiver's OPEN, sender's OPEN). */
function contextFor(
  m: CapturedMessage,
  opens: Map<string, OpenMessage>,
  internal: boolean,
): CodecContext | undefined {
  const reverse = m.stream.split('>').reverse().join('>');
  const sent = opens.get(m.stream);
  const received = opens.get(reverse);
  const peerType = internal ? 'internal' : 'external';
  if (sent === undefined || received === undefined) return undefined;
  return negotiate(received, sent, { peerType }).receive;
}
