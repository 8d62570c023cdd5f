/**
 * The read path of one Connection: bytes from the socket are framed and decoded with the session's
 * receive context, and each message becomes an FSM event (driver-contract.ts rules 3 and 5). OPENs,
 * UPDATEs and ROUTE-REFRESHes go to the Connection, which keeps the state they carry.
 */
import { errorMessage, type Logger } from '../../common/index.js';
import { CeaseSubcode, type FsmEvent } from '../fsm/index.js';
import {
  decodeMessage,
  ErrorCode,
  Framer,
  notificationMessage,
  OpenSubcode,
  type BgpMessage,
  type BgpWireError,
  type CodecContext,
  type OpenMessage,
  type RouteRefreshMessage,
  type UpdateMessage,
  type UpdateReport,
} from '../wire/index.js';

/** What the reader needs of its Connection. */
export interface ReaderPorts {
  /** The negotiated receive context, or the default before OPEN. */
  receiveContext(): CodecContext;
  /** False once the FSM dropped the connection: later messages are ignored (rule 3). */
  attached(): boolean;
  dispatch(event: FsmEvent): void;
  /** Every framed message, before it is decoded (message-counters.ts). */
  received(frame: Buffer): void;
  update(update: UpdateMessage, report: UpdateReport): void;
  open(open: OpenMessage): void;
  routeRefresh(message: RouteRefreshMessage): void;
  /** Sends the message (a NOTIFICATION), then the connection is gone as far as the FSM is concerned. */
  dropWith(message: BgpMessage): void;
  /** An internal error handling a message: forget the message being handled. */
  discardPending(): void;
}

export class MessageReader {
  private framer = new Framer();

  constructor(
    private readonly ports: ReaderPorts,
    private readonly log: Logger,
    private readonly peer: string,
  ) {}

  /** A new socket, or back to Idle: no partial message carries over. */
  reset(): void {
    this.framer = new Framer();
  }

  /**
   * A bug anywhere below (RIB, encoder) while handling this peer's messages must cost this session only:
   * reset it with Cease / Out of Resources (RFC 4486) rather than let the exception take the process.
   */
  receive(chunk: Buffer): void {
    try {
      this.read(chunk);
    } catch (err) {
      this.log.error('internal error handling a message; resetting the session', {
        peer: this.peer,
        error: errorMessage(err),
      });
      this.ports.discardPending();
      this.ports.dispatch({ type: 'AutomaticStop', ceaseSubcode: CeaseSubcode.OutOfResources });
    }
  }

  private read(chunk: Buffer): void {
    this.framer.push(chunk);
    for (const frame of this.framer.frames()) {
      if (!this.ports.attached()) return;
      if (!frame.ok) return this.wireError(frame.error);
      this.ports.received(frame.frame);
      const decoded = decodeMessage(frame.frame, this.ports.receiveContext());
      if (!decoded.ok) return this.wireError(decoded.error);
      if (decoded.message.type === 'update')
        this.ports.update(decoded.message, decoded.report as UpdateReport);
      else this.message(decoded.message);
    }
  }

  private message(message: Exclude<BgpMessage, UpdateMessage>): void {
    switch (message.type) {
      case 'open':
        return this.ports.open(message);
      case 'keepalive':
        return this.ports.dispatch({ type: 'KeepAliveMsg' });
      case 'notification': {
        const unsupportedVersion =
          message.code === ErrorCode.OPEN_MESSAGE_ERROR &&
          message.subcode === OpenSubcode.UNSUPPORTED_VERSION_NUMBER;
        if (unsupportedVersion) return this.ports.dispatch({ type: 'NotifMsgVerErr' });
        return this.ports.dispatch({
          type: 'NotifMsg',
          code: message.code,
          subcode: message.subcode,
          data: message.data,
        });
      }
      case 'route-refresh':
        return this.ports.routeRefresh(message);
    }
  }

  /** Rule 5: the codec's classification picks the FSM event; the FSM sends the NOTIFICATION and resets. */
  private wireError(error: BgpWireError): void {
    const { code, subcode, data } = error.notification;
    this.log.warn('malformed message from peer', {
      peer: this.peer,
      error: error.code,
      detail: error.message,
    });
    switch (code) {
      case ErrorCode.MESSAGE_HEADER_ERROR:
        return this.ports.dispatch({ type: 'BGPHeaderErr', subcode, data });
      case ErrorCode.OPEN_MESSAGE_ERROR:
        return this.ports.dispatch({ type: 'BGPOpenMsgErr', subcode, data });
      case ErrorCode.UPDATE_MESSAGE_ERROR:
        return this.ports.dispatch({ type: 'UpdateMsgErr', subcode, data });
      default:
        // ROUTE-REFRESH Message Error (RFC 7313 §5) has no FSM event: send it ourselves.
        return this.ports.dropWith(notificationMessage(error.notification));
    }
  }
}
