// Turns the kernel's answer (negative errno + extended ACK) into a NetlinkError a person can act on:
// "ENETUNREACH: Nexthop has invalid gateway (request type 24 seq 7)".
import { getSystemErrorName } from 'node:util';
import { NetlinkError } from './errors.js';
import type { ExtendedAck } from './codec/message.js';

export function errnoToName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `E${errno}`;
  }
}

export function kernelError(errno: number, extAck: ExtendedAck, context: string): NetlinkError {
  const name = errnoToName(errno);
  const text = extAck.message !== undefined && extAck.message !== '' ? `: ${extAck.message}` : '';
  return new NetlinkError('KERNEL_ERROR', `${name}${text} (${context})`, {
    errno,
    errnoName: name,
    ...(extAck.message !== undefined ? { extAckMessage: extAck.message } : {}),
    details: { errno, errnoName: name, ...extAck },
  });
}
