// For the protocol tests: the ProtocolError code a call throws, or undefined when it does not throw.
// Any other error is a bug in the test subject and is rethrown.
import { ProtocolError } from '../proto/proto-error.js';

export function protocolErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return undefined;
}
