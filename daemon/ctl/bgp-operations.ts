/**
 * Peer operations over twill-bgpd's control socket:
 *   twillctl bgp peer ADDRESS shutdown [--message TEXT]   Cease 6/2 with an RFC 9003 message; stays down
 *   twillctl bgp peer ADDRESS enable
 *   twillctl bgp peer ADDRESS reset [--message TEXT]      Cease 6/4, then a new session
 *   twillctl bgp peer ADDRESS soft-reset [in|out]         import again / re-send the Adj-RIB-Out
 *   twillctl bgp drain [--peer P] [off]                   RFC 8326 GRACEFUL_SHUTDOWN (off: end the drain)
 *   twillctl bgp reload                                   re-read the config file (policy changes keep sessions)
 */
import { CtlError, request } from './control-client.js';

const PEER_USAGE =
  'usage: twillctl bgp peer ADDRESS shutdown|enable|reset|soft-reset [in|out] [--message TEXT]';

export interface OperationOptions {
  readonly socket: string;
  readonly peer?: string;
  readonly message?: string;
}

/** undefined: not an operation subcommand. */
export async function bgpOperation(
  sub: string | undefined,
  rest: readonly string[],
  options: OperationOptions,
): Promise<string | undefined> {
  const message = options.message === undefined ? {} : { message: options.message };
  switch (sub) {
    case 'peer': {
      const [peer, action, arg, extra] = rest;
      if (peer === undefined || action === undefined || extra !== undefined)
        throw new CtlError('USAGE', PEER_USAGE);
      switch (action) {
        case 'shutdown':
        case 'reset':
          if (arg !== undefined) throw new CtlError('USAGE', PEER_USAGE);
          await request(options.socket, `bgp.peer.${action}`, { peer, ...message });
          return `${peer}: ${action === 'shutdown' ? 'shut down' : 'reset'}${options.message === undefined ? '' : ` (message: ${JSON.stringify(options.message)})`}\n`;
        case 'enable':
          await request(options.socket, 'bgp.peer.enable', { peer });
          return `${peer}: enabled\n`;
        case 'soft-reset': {
          const direction = arg ?? 'in';
          if (direction !== 'in' && direction !== 'out') throw new CtlError('USAGE', PEER_USAGE);
          await request(options.socket, 'bgp.peer.softReset', { peer, direction });
          return `${peer}: soft reset ${direction}\n`;
        }
        default:
          throw new CtlError('USAGE', PEER_USAGE);
      }
    }
    case 'drain': {
      const off = rest[0] === 'off';
      if (rest.length > 1 || (rest.length === 1 && !off))
        throw new CtlError('USAGE', 'usage: twillctl bgp drain [--peer P] [off]');
      const result = (await request(options.socket, 'bgp.drain', {
        ...(options.peer === undefined ? {} : { peer: options.peer }),
        on: !off,
      })) as { peers: string[] };
      return `${off ? 'drain ended' : 'draining (GRACEFUL_SHUTDOWN)'}: ${result.peers.join(', ') || 'no peers'}\n`;
    }
    case 'reload':
      return `${JSON.stringify(await request(options.socket, 'bgp.reload'), null, 2)}\n`;
    default:
      return undefined;
  }
}
