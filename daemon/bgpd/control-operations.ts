/**
 * Control-socket methods that act on peers (protocol in control-protocol.ts): admin shutdown / enable /
 * reset with a Shutdown Communication (RFC 9003), soft reset in/out, the RFC 8326 drain, config reload.
 */
import { tryParseIpAddress, type IpAddress } from '../../common/index.js';
import type { BgpSpeaker } from '../../bgp/speaker/index.js';
import { ControlError } from './control-protocol.js';

export const OPERATION_METHODS = [
  'bgp.peer.shutdown',
  'bgp.peer.enable',
  'bgp.peer.reset',
  'bgp.peer.softReset',
  'bgp.drain',
  'bgp.reload',
] as const;

export type Reloader = () => Promise<unknown>;

/** undefined: not one of these methods. */
export function operation(
  method: string,
  params: Record<string, unknown>,
  speaker: BgpSpeaker,
  reload: Reloader | undefined,
): Promise<unknown> | unknown {
  switch (method) {
    case 'bgp.peer.shutdown':
      speaker.shutdownPeer(peerParam(params), messageParam(params));
      return null;
    case 'bgp.peer.enable':
      speaker.enablePeer(peerParam(params));
      return null;
    case 'bgp.peer.reset':
      speaker.resetPeer(peerParam(params), messageParam(params));
      return null;
    case 'bgp.peer.softReset': {
      const direction = params.direction ?? 'in';
      if (direction !== 'in' && direction !== 'out') throw bad('params.direction must be "in" or "out"');
      speaker.softReset(peerParam(params), direction);
      return null;
    }
    case 'bgp.drain': {
      if (params.on !== undefined && typeof params.on !== 'boolean')
        throw bad('params.on must be true or false');
      const peer = params.peer === undefined ? undefined : peerParam(params);
      return {
        peers: speaker.drain({
          ...(peer === undefined ? {} : { peer }),
          ...(params.on === undefined ? {} : { on: params.on }),
        }),
      };
    }
    case 'bgp.reload':
      if (reload === undefined) throw bad('this daemon has no configuration file to reload');
      return reload();
    default:
      return undefined;
  }
}

function peerParam(params: Record<string, unknown>): IpAddress {
  const peer = typeof params.peer === 'string' ? tryParseIpAddress(params.peer) : undefined;
  if (peer === undefined) throw bad('params.peer must be the peer address, like 10.0.0.1');
  return peer;
}

function messageParam(params: Record<string, unknown>): string {
  if (params.message === undefined) return '';
  if (typeof params.message !== 'string') throw bad('params.message must be a string');
  return params.message;
}

function bad(message: string): ControlError {
  return new ControlError('BAD_REQUEST', message);
}
