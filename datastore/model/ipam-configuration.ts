import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { TWILL_API_VERSION, type Resource } from './resource.js';

export interface IPAMConfigurationSpec {
  /** When true a node never borrows addresses from blocks affine to other nodes. */
  readonly strictAffinity: boolean;
  /** Upper bound on blocks one node may claim; 0 means no limit. */
  readonly maxBlocksPerHost: number;
  readonly autoAllocateBlocks: boolean;
}

export type IPAMConfiguration = Resource<'IPAMConfiguration', IPAMConfigurationSpec, never>;

function readSpec(spec: Fields): IPAMConfigurationSpec {
  const result = {
    strictAffinity: spec.boolean('strictAffinity') ?? false,
    maxBlocksPerHost: spec.integer('maxBlocksPerHost', { min: 0, max: 1_000_000 }) ?? 0,
    autoAllocateBlocks: spec.boolean('autoAllocateBlocks') ?? true,
  };
  spec.rejectUnknown();
  return result;
}

export const ipamConfigurationKind: KindDefinition<IPAMConfiguration> = {
  kind: 'IPAMConfiguration',
  apiVersion: TWILL_API_VERSION,
  plural: 'ipamconfigurations',
  namespaced: false,
  readSpec,
  checkName(name, issues) {
    // A singleton: two configurations would leave IPAM to guess which one wins.
    if (name !== 'default') issues.add('metadata.name', `must be "default", got ${JSON.stringify(name)}`);
  },
};
