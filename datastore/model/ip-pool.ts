import type { Fields } from './fields.js';
import type { KindDefinition } from './kind.js';
import { compact, TWILL_API_VERSION, type Resource } from './resource.js';

export type EncapsulationType = 'None' | 'IPIP' | 'VXLAN' | 'WireGuard';
export type EncapsulationMode = 'Always' | 'CrossSubnet';
export type AllowedUse = 'Workload' | 'Tunnel' | 'LoadBalancer';

export const ENCAPSULATION_TYPES: readonly EncapsulationType[] = ['None', 'IPIP', 'VXLAN', 'WireGuard'];
export const ENCAPSULATION_MODES: readonly EncapsulationMode[] = ['Always', 'CrossSubnet'];
export const ALLOWED_USES: readonly AllowedUse[] = ['Workload', 'Tunnel', 'LoadBalancer'];

/** Calico's defaults: 64 addresses per IPv4 block, 64 per IPv6 block. */
export const DEFAULT_BLOCK_SIZE_V4 = 26;
export const DEFAULT_BLOCK_SIZE_V6 = 122;
// A block's allocation array has 2^(bits - blockSize) entries; beyond 4096 a single etcd value becomes
// large enough to slow every compare-and-swap on it.
const MIN_BLOCK_SIZE_V4 = 20;
const MIN_BLOCK_SIZE_V6 = 116;

export interface IPPoolSpec {
  readonly cidr: string;
  readonly blockSize: number;
  readonly encapsulation: { readonly type: EncapsulationType; readonly mode?: EncapsulationMode };
  readonly natOutgoing: boolean;
  /** Which nodes may claim blocks from this pool; `all()` by default. */
  readonly nodeSelector: string;
  readonly disabled: boolean;
  readonly allowedUses: readonly AllowedUse[];
}

export type IPPool = Resource<'IPPool', IPPoolSpec, never>;

function readSpec(spec: Fields): IPPoolSpec | undefined {
  const cidr = spec.prefix('cidr', { required: true });
  const bits = cidr?.addressBits;
  const blockSize = spec.integer('blockSize', {
    min: bits === 128 ? MIN_BLOCK_SIZE_V6 : MIN_BLOCK_SIZE_V4,
    max: bits ?? 128,
  });
  const effectiveBlockSize = blockSize ?? (bits === 128 ? DEFAULT_BLOCK_SIZE_V6 : DEFAULT_BLOCK_SIZE_V4);
  if (cidr !== undefined && effectiveBlockSize < cidr.length) {
    spec.issue(
      'blockSize',
      `must be at least the pool's prefix length /${cidr.length}, got ${effectiveBlockSize}`,
    );
  }
  const encapsulation = readEncapsulation(spec.object('encapsulation'), bits);
  const nodeSelector = spec.selector('nodeSelector');
  const natOutgoing = spec.boolean('natOutgoing') ?? false;
  const disabled = spec.boolean('disabled') ?? false;
  const uses = spec.array('allowedUses');
  const allowedUses: AllowedUse[] = [];
  for (const { value, path } of uses ?? []) {
    if (ALLOWED_USES.includes(value as AllowedUse)) allowedUses.push(value as AllowedUse);
    else spec.issues.add(path, `must be one of ${ALLOWED_USES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (uses !== undefined && uses.length === 0)
    spec.issue('allowedUses', 'must not be empty (omit it for the default)');
  spec.rejectUnknown();
  if (cidr === undefined) return undefined;
  return {
    cidr: cidr.toString(),
    blockSize: effectiveBlockSize,
    encapsulation: encapsulation ?? { type: 'None' },
    natOutgoing,
    nodeSelector: nodeSelector?.text ?? 'all()',
    disabled,
    allowedUses: uses === undefined ? ['Workload', 'Tunnel'] : allowedUses,
  };
}

function readEncapsulation(
  fields: Fields | undefined,
  bits: number | undefined,
): IPPoolSpec['encapsulation'] | undefined {
  if (fields === undefined) return undefined;
  const type = fields.oneOf('type', ENCAPSULATION_TYPES, { required: true });
  const mode = fields.oneOf('mode', ENCAPSULATION_MODES);
  fields.rejectUnknown();
  // IP-in-IP (RFC 2003) carries IPv4 only; Calico refuses it on IPv6 pools too.
  if (type === 'IPIP' && bits === 128)
    fields.issue('type', 'IPIP cannot carry an IPv6 pool; use VXLAN or WireGuard');
  if (type === 'None' && mode !== undefined) fields.issue('mode', 'must not be set when type is None');
  if (type === undefined) return undefined;
  return type === 'None' ? { type } : compact({ type, mode: mode ?? 'Always' });
}

export const ipPoolKind: KindDefinition<IPPool> = {
  kind: 'IPPool',
  apiVersion: TWILL_API_VERSION,
  plural: 'ippools',
  namespaced: false,
  readSpec,
  checkUpdate(previous, next, issues) {
    // Blocks already carved out of the pool have the old size and CIDR; changing either would orphan them.
    if (previous.spec.blockSize !== next.spec.blockSize) {
      issues.add(
        'spec.blockSize',
        `is immutable (was ${previous.spec.blockSize}); create a new pool and migrate`,
      );
    }
    if (previous.spec.cidr !== next.spec.cidr) {
      issues.add('spec.cidr', `is immutable (was ${previous.spec.cidr}); create a new pool and migrate`);
    }
  },
};
