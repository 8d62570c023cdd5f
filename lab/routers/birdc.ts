// BIRD 2 through `birdc`: BIRD has no JSON output, so `show protocols all` is parsed as text.
// Each protocol is one summary row (name, proto, table, state, since, info) followed by
// indented detail lines ("BGP state:", "Neighbor address:", "Routes: N imported, ...").
import { birdSocket } from '../kinds/bird.js';
import { nodeRun, type NodeContext } from '../kinds/context.js';
import { normaliseState, type BgpSessionView } from './sessions.js';

export interface BirdProtocol {
  name: string;
  proto: string;
  /** BIRD's protocol state: up, down, start, ... */
  state: string;
  /** For BGP protocols: the session. */
  session?: BgpSessionView;
}

export async function birdc(ctx: Pick<NodeContext, 'dir' | 'ns' | 'node'>, command: string): Promise<string> {
  const r = await nodeRun(ctx as NodeContext, ['birdc', '-s', birdSocket(ctx), ...command.split(' ')], {
    timeoutMs: 10_000,
  });
  return r.stdout;
}

export async function birdProtocols(ctx: NodeContext): Promise<BirdProtocol[]> {
  return parseBirdProtocolsAll(await birdc(ctx, 'show protocols all'));
}

export function parseBirdProtocolsAll(text: string): BirdProtocol[] {
  const out: BirdProtocol[] = [];
  let cur: { row: string[]; details: Map<string, string> } | undefined;
  const flush = () => {
    if (!cur) return;
    const [name = '', proto = '', , state = ''] = cur.row;
    const p: BirdProtocol = { name, proto, state };
    if (proto === 'BGP') p.session = bgpSession(name, cur.details);
    out.push(p);
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^BIRD .* ready\.$/.test(line) || /^Name\s+Proto/.test(line)) continue;
    if (/^\S/.test(line)) {
      flush();
      cur = { row: line.trim().split(/\s+/), details: new Map() };
      continue;
    }
    const m = /^\s+([A-Za-z][A-Za-z0-9 ]*?):\s*(.*)$/.exec(line);
    // The first occurrence wins: "Routes:" of the first channel, "BGP state:" of the session.
    if (m && cur && !cur.details.has(m[1] as string))
      cur.details.set(m[1] as string, (m[2] as string).trim());
  }
  flush();
  return out;
}

function bgpSession(name: string, d: Map<string, string>): BgpSessionView {
  const asText = d.get('Neighbor AS');
  const routes = /(\d+) imported/.exec(d.get('Routes') ?? '');
  return {
    name,
    peer: (d.get('Neighbor address') ?? '').split('%')[0] as string,
    ...(asText ? { peerAs: Number(asText) } : {}),
    state: normaliseState(d.get('BGP state') ?? 'Idle'),
    ...(routes ? { prefixesReceived: Number(routes[1]) } : {}),
  };
}
