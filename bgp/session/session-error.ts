import { TwillError } from '../../common/index.js';

export type SessionErrorCode =
  'LISTEN_FAILED' | 'INVALID_PEER_CONFIG' | 'NOT_ESTABLISHED' | 'BFD_SOCKET_FAILED';

/** Errors of the session layer (sockets, listener, peer configuration). */
export class SessionError extends TwillError<SessionErrorCode> {}
