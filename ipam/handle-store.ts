import { isTwillError } from '../common/index.js';
import type { IPAMHandle } from '../datastore/index.js';
import { retryOnConflict, RetryableConflict } from './cas-retry.js';
import { handleName } from './core/names.js';
import { IpamError } from './errors.js';
import { getIfExists, newHandle, type IpamDeps } from './ipam-deps.js';

/**
 * Adds `delta` to the number of addresses a handle holds in one block, creating the handle on the first
 * address and deleting it when it holds nothing. Allocation raises the count BEFORE writing the block and
 * release lowers it AFTER, so a crash in between leaves the handle over-counting (harmless: a release
 * visits a block and frees nothing) and never under-counting (which would hide an address from release).
 */
export async function adjustHandle(
  deps: IpamDeps,
  handleID: string,
  blockCidr: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  const name = handleName(handleID);
  await retryOnConflict(`handle ${handleID}`, deps.retry, async () => {
    const handle = await getIfExists(deps.backend, 'IPAMHandle', name);
    if (handle === undefined) {
      if (delta < 0) return;
      try {
        await deps.backend.create(newHandle(name, handleID, { [blockCidr]: delta }));
        return;
      } catch (error) {
        if (isTwillError(error, 'ALREADY_EXISTS'))
          throw new RetryableConflict(`handle ${name} created concurrently`);
        throw error;
      }
    }
    checkHandleID(handle, handleID);
    const block: Record<string, number> = { ...handle.spec.block };
    const next = Math.max(0, (block[blockCidr] ?? 0) + delta);
    if (next === 0) delete block[blockCidr];
    else block[blockCidr] = next;
    try {
      if (Object.keys(block).length === 0) {
        await deps.backend.delete('IPAMHandle', name, { resourceVersion: handle.metadata.resourceVersion });
      } else {
        await deps.backend.update({ ...handle, spec: { ...handle.spec, block } });
      }
    } catch (error) {
      if (isTwillError(error, 'NOT_FOUND'))
        throw new RetryableConflict(`handle ${name} deleted concurrently`);
      throw error;
    }
  });
}

/** Only hashed names can collide; refuse rather than mix two owners' addresses. */
export function checkHandleID(handle: IPAMHandle, handleID: string): void {
  if (handle.spec.handleID !== handleID) {
    throw new IpamError(
      'HANDLE_COLLISION',
      `IPAMHandle ${handle.metadata.name} belongs to handle ${JSON.stringify(handle.spec.handleID)}, not ${JSON.stringify(handleID)}`,
      { details: { name: handle.metadata.name, stored: handle.spec.handleID, requested: handleID } },
    );
  }
}
