// Typed errors of the netlink layer. Callers branch on `code`; a kernel refusal also carries the errno
// (number and name) and the kernel's extended-ACK text, which is usually the most useful line to log.
import { TwillError, type TwillErrorOptions } from '../../common/index.js';

export type NetlinkErrorCode =
  /** The kernel answered NLMSG_ERROR with a negative errno. */
  | 'KERNEL_ERROR'
  /** The socket's receive queue overflowed: messages were lost, resync from a dump. */
  | 'ENOBUFS'
  /** NLM_F_DUMP_INTR: the table changed during the dump, so it is inconsistent; dump again. */
  | 'DUMP_INTERRUPTED'
  /** Bytes that do not parse as what they claim to be. */
  | 'MALFORMED'
  /** An encoder was given a value it cannot put on the wire. */
  | 'INVALID_ARGUMENT'
  /** The socket was closed while the request was pending (or before it was sent). */
  | 'SOCKET_CLOSED'
  /** A system call on the socket failed (sendmsg, setsockopt, open in a namespace). */
  | 'SOCKET_ERROR'
  /** genetlink: no such family (CTRL_CMD_GETFAMILY answered ENOENT). */
  | 'FAMILY_NOT_FOUND';

export interface NetlinkErrorOptions extends TwillErrorOptions {
  readonly errno?: number;
  readonly errnoName?: string;
  readonly extAckMessage?: string;
}

export class NetlinkError extends TwillError<NetlinkErrorCode> {
  /** Positive errno (ENETUNREACH = 101, ...) for KERNEL_ERROR, SOCKET_ERROR and ENOBUFS. */
  readonly errno: number | undefined;
  readonly errnoName: string | undefined;
  /** NLMSGERR_ATTR_MSG: the kernel's own words, e.g. "Nexthop has invalid gateway". */
  readonly extAckMessage: string | undefined;

  constructor(code: NetlinkErrorCode, message: string, options: NetlinkErrorOptions = {}) {
    super(code, message, options);
    this.errno = options.errno;
    this.errnoName = options.errnoName;
    this.extAckMessage = options.extAckMessage;
  }
}

/** A KERNEL_ERROR with the given errno name (ENOENT, EEXIST, ...). */
export function isNetlinkKernelError(error: unknown, errnoName: string): error is NetlinkError {
  return error instanceof NetlinkError && error.code === 'KERNEL_ERROR' && error.errnoName === errnoName;
}
