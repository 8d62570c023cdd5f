/** Header writing shared by the encoders (RFC 4271 §4.1). */
import type { LengthHandle, Writer } from '../../common/index.js';
import { MARKER_LENGTH } from './constants.js';
import { WireEncodeError } from './errors.js';

/** Writes Marker, a placeholder Length and Type; pass the handle to endMessage(). */
export function beginMessage(w: Writer, type: number): LengthHandle {
  w.fill(0xff, MARKER_LENGTH);
  const length = w.beginLength(2);
  w.u8(type);
  return length;
}

/** Patches the Length (which counts the whole message) and checks the limit. */
export function endMessage(w: Writer, length: LengthHandle, maxLength: number): Buffer {
  const total = w.length;
  if (total > maxLength) {
    throw new WireEncodeError(
      'MESSAGE_TOO_LONG',
      `the message would be ${total} octets, more than ${maxLength}`,
      {
        details: { length: total, maxLength },
      },
    );
  }
  w.endLength(length, MARKER_LENGTH + 2);
  return w.toBuffer();
}
