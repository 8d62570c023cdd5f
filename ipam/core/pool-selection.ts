import { parsePrefix, type IpFamily, type Prefix } from '../../common/index.js';
import { Selector, type AllowedUse, type IPPool, type StringMap } from '../../datastore/index.js';

/** A pool reduced to what allocation needs, with its CIDR parsed once. */
export interface UsablePool {
  readonly name: string;
  readonly cidr: Prefix;
  readonly blockSize: number;
}

/**
 * The pools a node may take addresses from, in a stable order (by name): the requested family, not
 * disabled, allowing the use, and selecting the node through nodeSelector. `names` narrows the choice
 * to pools the caller asked for (a CNI config may name them).
 */
export function usablePools(
  pools: readonly IPPool[],
  options: {
    readonly family: IpFamily;
    readonly nodeLabels: StringMap | undefined;
    readonly use?: AllowedUse;
    readonly names?: readonly string[];
  },
): UsablePool[] {
  const use = options.use ?? 'Workload';
  return pools
    .filter((pool) => !pool.spec.disabled)
    .filter((pool) => pool.spec.allowedUses.includes(use))
    .filter((pool) => options.names === undefined || options.names.includes(pool.metadata.name))
    .map((pool) => ({
      name: pool.metadata.name,
      cidr: parsePrefix(pool.spec.cidr),
      blockSize: pool.spec.blockSize,
      selector: pool.spec.nodeSelector,
    }))
    .filter((pool) => pool.cidr.family === options.family)
    .filter((pool) => Selector.parse(pool.selector).matches(options.nodeLabels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, cidr, blockSize }) => ({ name, cidr, blockSize }));
}

/** The pool (of any listed) whose range holds `block`, if any. */
export function poolOf<P extends { readonly cidr: Prefix }>(
  pools: readonly P[],
  block: Prefix,
): P | undefined {
  return pools.find((pool) => pool.cidr.containsPrefix(block));
}
