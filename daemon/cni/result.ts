// The ADD result (CNI spec 1.1 §"Success": interfaces, ips, routes, dns) and its encoding per version.
// Chained plugins (portmap, bandwidth, tuning) read it back as prevResult, so the shape must be the
// spec's exactly: `ips[].interface` is an index into `interfaces`, the pod's interface has `sandbox`.
import { compareVersions, type CniVersion } from './versions.js';
import { CniError } from './cni-error.js';
import { isObject, type JsonObject } from './config-fields.js';
import type { DnsConfig } from './net-config.js';

export interface CniInterface {
  readonly name: string;
  readonly mac?: string;
  /** The namespace path for interfaces inside the container; absent for host interfaces. */
  readonly sandbox?: string;
  /** Added to the result in 1.1.0. */
  readonly mtu?: number;
}

export interface CniIpConfig {
  /** Address with prefix length, e.g. 10.65.0.3/32. */
  readonly address: string;
  readonly gateway?: string;
  /** Index into interfaces. */
  readonly interface?: number;
}

export interface CniRoute {
  readonly dst: string;
  readonly gw?: string;
}

export interface CniResult {
  readonly interfaces: readonly CniInterface[];
  readonly ips: readonly CniIpConfig[];
  readonly routes: readonly CniRoute[];
  readonly dns: DnsConfig;
}

/** The JSON a runtime reads from stdout, in the version of the config (spec 1.1 §"Version considerations"). */
export function encodeResult(result: CniResult, version: CniVersion): JsonObject {
  const v1 = compareVersions(version, '1.0.0') >= 0;
  const v11 = compareVersions(version, '1.1.0') >= 0;
  return {
    cniVersion: version,
    interfaces: result.interfaces.map(({ mtu, ...rest }) =>
      v11 && mtu !== undefined ? { ...rest, mtu } : rest,
    ),
    // 0.4.0 results carry "version": "4" | "6" on each ip; 1.0.0 dropped it (the address says it).
    ips: result.ips.map((ip) => (v1 ? ip : { version: ip.address.includes(':') ? '6' : '4', ...ip })),
    routes: result.routes,
    dns: result.dns,
  };
}

/** prevResult back into a CniResult (CHECK and DEL get the result of ADD this way). */
export function decodeResult(json: JsonObject): CniResult {
  const list = (key: string): unknown[] => {
    const value = json[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw bad(`prevResult.${key} must be an array`);
    return value;
  };
  const interfaces = list('interfaces').map((item, i) => {
    if (!isObject(item) || typeof item.name !== 'string')
      throw bad(`prevResult.interfaces[${i}] needs a name`);
    return {
      name: item.name,
      ...(typeof item.mac === 'string' ? { mac: item.mac } : {}),
      ...(typeof item.sandbox === 'string' && item.sandbox !== '' ? { sandbox: item.sandbox } : {}),
      ...(typeof item.mtu === 'number' ? { mtu: item.mtu } : {}),
    };
  });
  const ips = list('ips').map((item, i) => {
    if (!isObject(item) || typeof item.address !== 'string')
      throw bad(`prevResult.ips[${i}] needs an address`);
    return {
      address: item.address,
      ...(typeof item.gateway === 'string' ? { gateway: item.gateway } : {}),
      ...(typeof item.interface === 'number' ? { interface: item.interface } : {}),
    };
  });
  const routes = list('routes').map((item, i) => {
    if (!isObject(item) || typeof item.dst !== 'string') throw bad(`prevResult.routes[${i}] needs a dst`);
    return { dst: item.dst, ...(typeof item.gw === 'string' ? { gw: item.gw } : {}) };
  });
  return { interfaces, ips, routes, dns: isObject(json.dns) ? (json.dns as DnsConfig) : {} };
}

function bad(message: string): CniError {
  return new CniError('INVALID_NETWORK_CONFIG', message);
}
