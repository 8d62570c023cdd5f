// Public API of the typha wire protocol (design note: protocol.ts). Pure: no sockets, no timers.
export * from './protocol.js';
export { ProtocolError, type ProtocolErrorCode } from './proto-error.js';
export { encodeFrame, FrameDecoder, type Frame } from './frame.js';
export {
  BULK_DEFLATE_LEVEL,
  DEFAULT_COMPRESS_MIN_BYTES,
  encodeCompressedFrame,
  plainBody,
} from './compression.js';
export {
  agreeFeatures,
  chooseVersion,
  decodeClientHello,
  decodeServerHello,
  encodeClientHello,
  encodeServerHello,
  type ClientHello,
  type ResumePoint,
  type ServerHello,
  type StartMode,
} from './hello.js';
export {
  decodeMessage,
  encodeDeltaBody,
  encodeGoodbyeBody,
  encodePingBody,
  encodePositionStatusBody,
  encodeSnapshotBatchBody,
  encodeSnapshotEntry,
  type Message,
} from './messages.js';
export { decodeResourceJson, encodeResourceJson } from './resource-json.js';
