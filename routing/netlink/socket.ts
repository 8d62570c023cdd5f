// A netlink socket with request/response semantics on top of the native addon: sequence numbers,
// ACK and error matching (with extended ACK text), multi-part dumps, batches of many requests per
// sendmsg, and notifications (multicast) for everything that answers no request. See README.md.
import {
  NativeSocketError,
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  openRawNetlinkSocket,
  type RawNetlinkSocket,
} from '../../native/index.js';
import { NetlinkError } from './errors.js';
import {
  decodeDoneErrno,
  decodeErrorMessage,
  decodeMessages,
  type NetlinkErrorMessage,
  type NetlinkMessage,
} from './codec/message.js';
import {
  NLM_F_ACK,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
} from './codec/nl-constants.js';
import { NlWriter } from './codec/nl-writer.js';
import { errnoToName, kernelError } from './kernel-error.js';

export interface NetlinkRequest {
  readonly type: number;
  /** Extra flags (NLM_F_CREATE, NLM_F_REPLACE, ...); NLM_F_REQUEST and the ACK/DUMP flags are added. */
  readonly flags?: number;
  readonly payload: Uint8Array;
}

export interface NetlinkSocketOptions {
  readonly protocol?: 'route' | 'generic';
  /** A namespace name (/run/netns/NAME) or a path to a namespace file (/proc/PID/ns/net). */
  readonly netns?: string;
  readonly rcvbufBytes?: number;
  readonly sndbufBytes?: number;
  /** Multicast groups to join (RTNLGRP_*, or genetlink group ids). */
  readonly groups?: readonly number[];
  /** Keep the event loop alive while open (default true). */
  readonly ref?: boolean;
}

export interface BatchOptions {
  /**
   * 'errors' (default): successful requests are not acknowledged one by one; a NLMSG_NOOP with
   * NLM_F_ACK closes each sendmsg, and since the kernel handles one socket's messages in order, its ACK
   * means every request before it without an error succeeded. 'each': NLM_F_ACK on every request.
   */
  readonly ack?: 'errors' | 'each';
  /** Upper bound of one sendmsg (must stay below SO_SNDBUF). */
  readonly maxChunkBytes?: number;
  /** Upper bound of requests per sendmsg, so their errors/ACKs cannot overflow SO_RCVBUF. */
  readonly maxChunkMessages?: number;
}

/** undefined: the request succeeded; else why it failed. */
export type BatchResult = NetlinkError | undefined;

type PendingKind = 'request' | 'dump' | 'silent' | 'barrier';

interface Pending {
  readonly kind: PendingKind;
  /** nlmsg_type of the request, to tell its replies from notifications it caused (see dispatch). */
  readonly requestType: number;
  readonly replies: NetlinkMessage[];
  interrupted: boolean;
  resolve(replies: NetlinkMessage[]): void;
  reject(error: NetlinkError): void;
  /** For a barrier: the silent requests of its sendmsg, settled when the barrier's ACK arrives. */
  readonly covers?: number[];
}

const DEFAULT_RCVBUF_BYTES = 8 * 1024 * 1024;
const DEFAULT_SNDBUF_BYTES = 4 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const DEFAULT_CHUNK_MESSAGES = 8192;

export class NetlinkSocket {
  readonly portId: number;
  private readonly isRoute: boolean;
  private readonly raw: RawNetlinkSocket;
  private readonly pending = new Map<number, Pending>();
  /** Sequence numbers abandoned after ENOBUFS; late replies to them are dropped, not notified. */
  private readonly abandoned = new Set<number>();
  private nextSeq = 1;
  private dumpChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly notificationListeners = new Set<(message: NetlinkMessage) => void>();
  private readonly overrunListeners = new Set<(error: NetlinkError) => void>();

  private constructor(options: NetlinkSocketOptions) {
    const netnsPath =
      options.netns === undefined
        ? undefined
        : options.netns.includes('/')
          ? options.netns
          : `/run/netns/${options.netns}`;
    try {
      this.raw = openRawNetlinkSocket(
        {
          protocol: options.protocol === 'generic' ? NETLINK_GENERIC : NETLINK_ROUTE,
          ...(netnsPath !== undefined ? { netnsPath } : {}),
          rcvbufBytes: options.rcvbufBytes ?? DEFAULT_RCVBUF_BYTES,
          sndbufBytes: options.sndbufBytes ?? DEFAULT_SNDBUF_BYTES,
          extAck: true,
          capAck: true,
          // Dumps then honour the table (and family) in the request, so a reconciler reads only its tables.
          strictCheck: options.protocol !== 'generic',
        },
        (data, errno) => this.onData(data, errno),
      );
    } catch (err) {
      throw socketError('open', err);
    }
    this.portId = this.raw.portId;
    this.isRoute = options.protocol !== 'generic';
    for (const group of options.groups ?? []) this.addMembership(group);
    if (options.ref === false) this.raw.setRef(false);
  }

  static open(options: NetlinkSocketOptions = {}): NetlinkSocket {
    return new NetlinkSocket(options);
  }

  get rcvbufBytes(): number {
    return this.raw.rcvbufBytes;
  }

  addMembership(group: number): void {
    try {
      this.raw.addMembership(group);
    } catch (err) {
      throw socketError(`join group ${group}`, err);
    }
  }

  /** Messages that answer no request of ours: multicast notifications. Returns an unsubscribe function. */
  onNotification(listener: (message: NetlinkMessage) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** ENOBUFS: the kernel dropped messages for this socket; whoever mirrors kernel state must resync. */
  onOverrun(listener: (error: NetlinkError) => void): () => void {
    this.overrunListeners.add(listener);
    return () => this.overrunListeners.delete(listener);
  }

  /** Sends one request with NLM_F_ACK; resolves with the replies that came before the ACK. */
  request(req: NetlinkRequest): Promise<NetlinkMessage[]> {
    return new Promise((resolve, reject) => {
      const seq = this.register('request', req.type, resolve, reject);
      const w = new NlWriter(req.payload.length + 32);
      w.message(header(req, NLM_F_REQUEST | NLM_F_ACK, seq, this.portId), req.payload);
      this.sendOrFail(w.toBuffer(), [seq]);
    });
  }

  /**
   * A multi-part dump (NLM_F_DUMP): every NLM_F_MULTI reply until NLMSG_DONE. The kernel runs one dump
   * per socket at a time, so dumps queue behind each other; requests are not held up.
   */
  dump(req: NetlinkRequest): Promise<NetlinkMessage[]> {
    const run = (): Promise<NetlinkMessage[]> =>
      new Promise((resolve, reject) => {
        const seq = this.register('dump', req.type, resolve, reject);
        const w = new NlWriter(req.payload.length + 32);
        w.message(header(req, NLM_F_REQUEST | NLM_F_DUMP, seq, this.portId), req.payload);
        this.sendOrFail(w.toBuffer(), [seq]);
      });
    const result = this.dumpChain.then(run, run);
    this.dumpChain = result.catch(() => undefined);
    return result;
  }

  /** Many requests, packed into as few sendmsg calls as the chunk limits allow; one result per request. */
  async batch(requests: readonly NetlinkRequest[], options: BatchOptions = {}): Promise<BatchResult[]> {
    const each = options.ack === 'each';
    const maxBytes = options.maxChunkBytes ?? Math.min(DEFAULT_CHUNK_BYTES, this.raw.sndbufBytes / 2);
    const maxMessages = options.maxChunkMessages ?? DEFAULT_CHUNK_MESSAGES;
    const results: BatchResult[] = new Array<BatchResult>(requests.length);
    let index = 0;
    while (index < requests.length) {
      const w = new NlWriter(Math.min(maxBytes, 64 * 1024));
      const settled: Promise<void>[] = [];
      const seqs: number[] = [];
      const start = index;
      while (
        index < requests.length &&
        index - start < maxMessages &&
        (index === start || w.length < maxBytes)
      ) {
        const req = requests[index] as NetlinkRequest;
        const at = index;
        settled.push(
          new Promise<void>((resolve) => {
            const seq = this.register(
              each ? 'request' : 'silent',
              req.type,
              () => resolve(),
              (error) => {
                results[at] = error;
                resolve();
              },
            );
            seqs.push(seq);
            w.message(header(req, NLM_F_REQUEST | (each ? NLM_F_ACK : 0), seq, this.portId), req.payload);
          }),
        );
        index++;
      }
      if (!each) {
        // The barrier: control messages are only ACKed by netlink itself, after everything before them.
        const covers = [...seqs];
        settled.push(
          new Promise<void>((resolve) => {
            const seq = this.register(
              'barrier',
              NLMSG_NOOP,
              () => resolve(),
              () => resolve(),
              covers,
            );
            seqs.push(seq);
            w.message(
              { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq, pid: this.portId },
              new Uint8Array(0),
            );
          }),
        );
      }
      this.sendOrFail(w.toBuffer(), seqs);
      await Promise.all(settled);
    }
    return results;
  }

  /** Pending requests fail with SOCKET_CLOSED; no notification is delivered after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.raw.close();
    this.failAll(new NetlinkError('SOCKET_CLOSED', 'netlink socket closed'));
  }

  private register(
    kind: PendingKind,
    requestType: number,
    resolve: (replies: NetlinkMessage[]) => void,
    reject: (error: NetlinkError) => void,
    covers?: number[],
  ): number {
    const seq = this.nextSeq;
    this.nextSeq = this.nextSeq >= 0xffff_ffff ? 1 : this.nextSeq + 1;
    const entry: Pending = {
      kind,
      requestType,
      replies: [],
      interrupted: false,
      resolve,
      reject,
      ...(covers ? { covers } : {}),
    };
    this.pending.set(seq, entry);
    if (this.closed) this.settle(seq, new NetlinkError('SOCKET_CLOSED', 'netlink socket is closed'));
    return seq;
  }

  private sendOrFail(buffer: Buffer, seqs: readonly number[]): void {
    if (this.closed) return; // register() already failed them
    try {
      this.raw.send(buffer);
    } catch (err) {
      const error = socketError('sendmsg', err);
      for (const seq of seqs) this.settle(seq, error);
    }
  }

  /** Resolves (error undefined) or rejects the request `seq`, and the silent ones a barrier covers. */
  private settle(seq: number, error: NetlinkError | undefined): void {
    const entry = this.pending.get(seq);
    if (entry === undefined) return;
    this.pending.delete(seq);
    if (entry.kind === 'barrier') {
      for (const covered of entry.covers ?? []) {
        this.settle(covered, error === undefined ? undefined : error);
      }
    }
    if (error === undefined) entry.resolve(entry.replies);
    else entry.reject(error);
  }

  private onData(data: Buffer | null, errno: number): void {
    if (data === null) {
      const error =
        errnoToName(errno) === 'ENOBUFS'
          ? new NetlinkError('ENOBUFS', 'netlink receive queue overflowed (ENOBUFS): messages were lost', {
              errno,
              errnoName: 'ENOBUFS',
            })
          : socketError('recvmsg', new NativeSocketError('recvmsg failed', errno, 'recvmsg'));
      // Replies may have been among the lost messages: nothing pending can be trusted to complete.
      for (const seq of this.pending.keys()) this.abandoned.add(seq);
      this.failAll(error);
      for (const listener of this.overrunListeners) listener(error);
      return;
    }
    for (const message of decodeMessages(data)) this.dispatch(message);
  }

  private dispatch(message: NetlinkMessage): void {
    let entry = message.pid === this.portId ? this.pending.get(message.seq) : undefined;
    // Multicast notifications about our own changes carry our port id and the request's seq (the kernel
    // excludes the sender only for NLM_F_ECHO). rtnetlink answers only GET requests with data, so on a
    // route socket, data "replying" to a NEW/DEL/SET request is such a notification.
    if (
      entry !== undefined &&
      this.isRoute &&
      message.type >= NLMSG_MIN_TYPE &&
      !isRtnetlinkGet(entry.requestType)
    ) {
      entry = undefined;
    }
    if (entry === undefined) {
      if (message.pid === this.portId && this.abandoned.has(message.seq)) {
        if (message.type === NLMSG_DONE || message.type === NLMSG_ERROR) this.abandoned.delete(message.seq);
        return;
      }
      if (message.type === NLMSG_OVERRUN) return;
      for (const listener of this.notificationListeners) listener(message);
      return;
    }
    if ((message.flags & NLM_F_DUMP_INTR) !== 0) entry.interrupted = true;
    switch (message.type) {
      case NLMSG_ERROR: {
        const err = decodeErrorMessage(message);
        this.settle(message.seq, err.errno === 0 ? undefined : this.toKernelError(err));
        return;
      }
      case NLMSG_DONE: {
        const errno = decodeDoneErrno(message);
        if (errno !== 0) this.settle(message.seq, kernelError(errno, {}, 'dump'));
        else if (entry.interrupted) {
          this.settle(
            message.seq,
            new NetlinkError(
              'DUMP_INTERRUPTED',
              'the dump was interrupted by a concurrent change; dump again',
            ),
          );
        } else this.settle(message.seq, undefined);
        return;
      }
      default:
        entry.replies.push(message);
    }
  }

  private toKernelError(err: NetlinkErrorMessage): NetlinkError {
    return kernelError(err.errno, err.extAck, `request type ${err.request.type} seq ${err.request.seq}`);
  }

  private failAll(error: NetlinkError): void {
    for (const seq of [...this.pending.keys()]) this.settle(seq, error);
  }
}

/** RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE, ...: rtnetlink's message types come in NEW, DEL, GET, SET fours. */
function isRtnetlinkGet(type: number): boolean {
  return type >= NLMSG_MIN_TYPE && (type & 3) === 2;
}

function header(req: NetlinkRequest, flags: number, seq: number, pid: number) {
  return { type: req.type, flags: (req.flags ?? 0) | flags, seq, pid };
}

function socketError(what: string, err: unknown): NetlinkError {
  if (err instanceof NativeSocketError) {
    return new NetlinkError('SOCKET_ERROR', `netlink ${what}: ${err.message}`, {
      errno: err.errno,
      errnoName: err.code,
      cause: err,
    });
  }
  return new NetlinkError('SOCKET_ERROR', `netlink ${what}: ${String(err)}`, { cause: err });
}
