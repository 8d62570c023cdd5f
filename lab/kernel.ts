// Reading a namespace's kernel state through `ip -json`, for checks and for the picture.
import { inNetns, run } from './exec.js';

/** A route as `ip -json route` prints it (fields we use), with `dst` always a prefix. */
export interface KernelRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  type?: string;
  /** ECMP next hops, when the route has several. */
  nexthops?: { gateway?: string; dev?: string }[];
}

export interface InterfaceAddresses {
  ifname: string;
  up: boolean;
  addresses: string[];
}

export async function kernelRoutes(ns: string, family: 4 | 6 = 4, table = 'main'): Promise<KernelRoute[]> {
  const r = await run(inNetns(ns, ['ip', `-${family}`, '-json', 'route', 'show', 'table', table]));
  const rows = JSON.parse(r.stdout || '[]') as KernelRoute[];
  // `ip` prints "default" and host routes without a length; make every dst a prefix.
  return rows.map((row) => ({
    ...row,
    dst: row.dst === 'default' ? (family === 4 ? '0.0.0.0/0' : '::/0') : withLength(row.dst, family),
  }));
}

function withLength(dst: string, family: 4 | 6): string {
  return dst.includes('/') ? dst : `${dst}/${family === 4 ? 32 : 128}`;
}

interface IpAddrJson {
  ifname: string;
  flags?: string[];
  addr_info?: { local: string; prefixlen: number; scope?: string }[];
}

export async function interfaceAddresses(ns: string): Promise<InterfaceAddresses[]> {
  const r = await run(inNetns(ns, ['ip', '-json', 'address', 'show']));
  const rows = JSON.parse(r.stdout || '[]') as IpAddrJson[];
  return rows.map((row) => ({
    ifname: row.ifname,
    up: (row.flags ?? []).includes('UP'),
    addresses: (row.addr_info ?? [])
      .filter((a) => a.scope !== 'link' && a.scope !== 'host')
      .map((a) => `${a.local}/${a.prefixlen}`),
  }));
}
