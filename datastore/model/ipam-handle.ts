import { checkPrefix, type Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

/** Which blocks hold addresses for one owner (a pod), and how many in each: release needs no scan. */
export interface IPAMHandleSpec {
  readonly handleID: string;
  /** Block CIDR → number of addresses this handle holds there. */
  readonly block: Readonly<Record<string, number>>;
  readonly deleted?: boolean;
}

export type IPAMHandle = Resource<'IPAMHandle', IPAMHandleSpec, never>;

function readSpec(spec: Fields): IPAMHandleSpec | undefined {
  const handleID = spec.string('handleID', { required: true });
  const blockFields = spec.object('block', { required: true });
  const block: Record<string, number> = {};
  for (const key of Object.keys(blockFields?.value ?? {})) {
    const count = blockFields?.integer(key, { min: 0 });
    // Keys are block CIDRs: checked so a typo cannot make a release miss its block.
    const prefix = blockFields === undefined ? undefined : checkPrefix(key, blockFields.at(key), spec.issues);
    if (count !== undefined && prefix !== undefined) block[prefix.toString()] = count;
  }
  const deleted = spec.boolean('deleted');
  spec.rejectUnknown();
  if (handleID === undefined || blockFields === undefined) return undefined;
  return compact({ handleID, block, deleted });
}

export const ipamHandleKind: KindDefinition<IPAMHandle> = {
  kind: 'IPAMHandle',
  apiVersion: TWILL_API_VERSION,
  plural: 'ipamhandles',
  namespaced: false,
  readSpec,
};
