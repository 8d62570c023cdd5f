import { isTwillError, nullLogger, type Logger } from '../common/index.js';
import {
  TWILL_API_VERSION,
  type AffinityState,
  type Backend,
  type BlockAffinity,
  type IPAMBlock,
  type IPAMBlockSpec,
  type IPAMHandle,
  type ResourceByKind,
  type ResourceKind,
} from '../datastore/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './cas-retry.js';

/** What every IPAM operation needs; narrow so tests can hand in a wrapped backend or a fake clock. */
export interface IpamDeps {
  readonly backend: Backend;
  readonly retry: RetryPolicy;
  readonly log: Logger;
}

export interface IpamDepsOptions {
  readonly backend: Backend;
  readonly retry?: Partial<RetryPolicy>;
  readonly log?: Logger;
}

export function resolveDeps(options: IpamDepsOptions): IpamDeps {
  return {
    backend: options.backend,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    log: options.log ?? nullLogger,
  };
}

/** get() that answers undefined for NOT_FOUND, the common case of "is it there yet?". */
export async function getIfExists<K extends ResourceKind>(
  backend: Backend,
  kind: K,
  name: string,
): Promise<ResourceByKind[K] | undefined> {
  try {
    return await backend.get(kind, name);
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

export function newBlock(name: string, spec: IPAMBlockSpec): IPAMBlock {
  return { apiVersion: TWILL_API_VERSION, kind: 'IPAMBlock', metadata: { name }, spec };
}

export function newAffinity(name: string, node: string, cidr: string, state: AffinityState): BlockAffinity {
  return {
    apiVersion: TWILL_API_VERSION,
    kind: 'BlockAffinity',
    metadata: { name },
    spec: { state, node, cidr },
  };
}

export function newHandle(name: string, handleID: string, block: Record<string, number>): IPAMHandle {
  return { apiVersion: TWILL_API_VERSION, kind: 'IPAMHandle', metadata: { name }, spec: { handleID, block } };
}
