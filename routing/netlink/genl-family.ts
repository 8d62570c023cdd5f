// Resolves a genetlink family by name over a NETLINK_GENERIC socket (CTRL_CMD_GETFAMILY to nlctrl).
import { NetlinkError, isNetlinkKernelError } from './errors.js';
import { decodeFamily, encodeGetFamily, GENL_ID_CTRL, type GenlFamily } from './codec/genl.js';
import type { NetlinkSocket } from './socket.js';

export async function resolveGenlFamily(socket: NetlinkSocket, name: string): Promise<GenlFamily> {
  let replies;
  try {
    replies = await socket.request({ type: GENL_ID_CTRL, payload: encodeGetFamily(name) });
  } catch (err) {
    if (isNetlinkKernelError(err, 'ENOENT')) {
      throw new NetlinkError(
        'FAMILY_NOT_FOUND',
        `no genetlink family ${JSON.stringify(name)} in this kernel`,
        {
          cause: err,
          details: { family: name },
        },
      );
    }
    throw err;
  }
  const reply = replies[0];
  if (reply === undefined) throw new NetlinkError('MALFORMED', `CTRL_CMD_GETFAMILY ${name}: no reply`);
  return decodeFamily(reply.payload);
}
