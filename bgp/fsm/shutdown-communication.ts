/**
 * The BGP Shutdown Communication (RFC 9003): a free-form UTF-8 message carried in the data of a Cease
 * NOTIFICATION with subcode Administrative Shutdown or Administrative Reset, so the peer's operator sees
 * why ("maintenance until 14:00, ticket 4711"). One length octet, then at most 255 octets of UTF-8.
 */
export const MAX_SHUTDOWN_COMMUNICATION_BYTES = 255;

/** Encodes `text`, cut at a character boundary if it is longer than 255 octets. Empty text: no data at all. */
export function encodeShutdownCommunication(text: string): Uint8Array | undefined {
  if (text.length === 0) return undefined;
  const encoder = new TextEncoder();
  let bytes = encoder.encode(text);
  if (bytes.length > MAX_SHUTDOWN_COMMUNICATION_BYTES) {
    // encodeInto stops before a character that does not fit whole, so the result stays valid UTF-8.
    const buffer = new Uint8Array(MAX_SHUTDOWN_COMMUNICATION_BYTES);
    const { written } = encoder.encodeInto(text, buffer);
    bytes = buffer.subarray(0, written);
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

/**
 * The text of a received Shutdown Communication (RFC 9003 §2), or undefined when the data holds none
 * (empty, or a length of 0). Data that is not a valid one (length beyond the data, invalid UTF-8) is
 * reported as such rather than guessed at (§4: it "SHOULD be logged" and otherwise ignored).
 */
export function decodeShutdownCommunication(data: Uint8Array | undefined): string | undefined {
  if (data === undefined || data.length === 0 || data[0] === 0) return undefined;
  const length = data[0] as number;
  if (length + 1 > data.length) return '(malformed shutdown communication: length beyond the data)';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(1, 1 + length));
  } catch {
    return '(malformed shutdown communication: not UTF-8)';
  }
}
