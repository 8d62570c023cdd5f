// Turns whatever a command threw into a CniError, so the runtime always gets a spec error object whose
// code tells it whether to retry (11), fix the config (7) or give up.
import { errorMessage, isTwillError } from '../../common/index.js';
import { DatastoreError } from '../../datastore/index.js';
import { IpamError } from '../../ipam/index.js';
import { NetlinkError } from '../../routing/netlink/index.js';
import { CniError } from './cni-error.js';

export function toCniError(error: unknown): CniError {
  if (error instanceof CniError) return error;
  if (error instanceof IpamError) {
    switch (error.code) {
      case 'RETRIES_EXHAUSTED':
        return new CniError('TRY_AGAIN_LATER', `Twill IPAM: ${error.message}`, { cause: error });
      case 'NO_POOL':
      case 'POOL_EXHAUSTED':
      case 'STRICT_AFFINITY':
      case 'MAX_BLOCKS_PER_HOST':
        return new CniError('IPAM_FAILURE', `Twill IPAM (${error.code}): ${error.message}`, {
          cause: error,
          ...(error.details !== undefined ? { details: error.details } : {}),
        });
      default:
        return new CniError('INTERNAL', `Twill IPAM (${error.code}): ${error.message}`, { cause: error });
    }
  }
  if (error instanceof DatastoreError) {
    // A validation failure is a bug in what we wrote (or a bad name from the runtime); everything
    // else from the datastore (unreachable, contention) may pass, so the runtime should retry.
    const code = error.code === 'INVALID_RESOURCE' ? 'INTERNAL' : 'TRY_AGAIN_LATER';
    return new CniError(code, `datastore (${error.code}): ${error.message}`, { cause: error });
  }
  if (error instanceof NetlinkError) {
    return new CniError('KERNEL_FAILURE', `kernel: ${error.message}`, {
      cause: error,
      details: { netlink: error.code, errno: error.errnoName ?? null },
    });
  }
  if (isTwillError(error, 'TIMEOUT')) return new CniError('TRY_AGAIN_LATER', error.message, { cause: error });
  return new CniError('INTERNAL', `unexpected failure (a bug in twill-cni): ${errorMessage(error)}`, {
    cause: error,
  });
}
