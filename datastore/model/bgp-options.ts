import { compact } from './resource.js';
import type { Fields } from './fields.js';

/** Largest 4-octet AS number (RFC 6793). AS 0 is reserved (RFC 7607) and refused. */
export const MAX_AS_NUMBER = 4_294_967_295;

export function readAsNumber(
  fields: Fields,
  key: string,
  options: { readonly required?: boolean } = {},
): number | undefined {
  return fields.integer(key, { ...options, min: 1, max: MAX_AS_NUMBER });
}

export interface BgpTimers {
  readonly holdTimeSec?: number;
  readonly keepaliveTimeSec?: number;
  readonly connectRetryTimeSec?: number;
}

/** RFC 4271 §4.2: the hold time is 0 (no keepalives) or at least 3 seconds; §10: keepalive below it. */
export function readTimers(fields: Fields | undefined): BgpTimers | undefined {
  if (fields === undefined) return undefined;
  const timers = compact<BgpTimers>({
    holdTimeSec: fields.integer('holdTimeSec', { min: 0, max: 65535 }),
    keepaliveTimeSec: fields.integer('keepaliveTimeSec', { min: 0, max: 21845 }),
    connectRetryTimeSec: fields.integer('connectRetryTimeSec', { min: 1, max: 65535 }),
  });
  fields.rejectUnknown();
  const { holdTimeSec, keepaliveTimeSec } = timers;
  if (holdTimeSec !== undefined && holdTimeSec > 0 && holdTimeSec < 3) {
    fields.issue('holdTimeSec', `must be 0 or at least 3 seconds (RFC 4271 §4.2), got ${holdTimeSec}`);
  }
  if (
    holdTimeSec !== undefined &&
    keepaliveTimeSec !== undefined &&
    holdTimeSec > 0 &&
    keepaliveTimeSec >= holdTimeSec
  ) {
    fields.issue(
      'keepaliveTimeSec',
      `must be less than holdTimeSec (${holdTimeSec}), got ${keepaliveTimeSec}`,
    );
  }
  return timers;
}

export interface GracefulRestart {
  readonly enabled: boolean;
  /** RFC 4724 §3: the restart time field is 12 bits. */
  readonly restartTimeSec?: number;
  readonly stalePathTimeSec?: number;
}

export function readGracefulRestart(fields: Fields | undefined): GracefulRestart | undefined {
  if (fields === undefined) return undefined;
  const gr = compact<GracefulRestart>({
    enabled: fields.boolean('enabled') ?? true,
    restartTimeSec: fields.integer('restartTimeSec', { min: 1, max: 4095 }),
    stalePathTimeSec: fields.integer('stalePathTimeSec', { min: 1, max: 3600 }),
  });
  fields.rejectUnknown();
  return gr;
}

export interface BfdSettings {
  readonly enabled: boolean;
  readonly minRxIntervalMs?: number;
  readonly minTxIntervalMs?: number;
  readonly multiplier?: number;
}

export function readBfd(fields: Fields | undefined): BfdSettings | undefined {
  if (fields === undefined) return undefined;
  const bfd = compact<BfdSettings>({
    enabled: fields.boolean('enabled') ?? true,
    minRxIntervalMs: fields.integer('minRxIntervalMs', { min: 10, max: 60_000 }),
    minTxIntervalMs: fields.integer('minTxIntervalMs', { min: 10, max: 60_000 }),
    // RFC 5880 §4.1: Detect Mult is 8 bits and must not be zero.
    multiplier: fields.integer('multiplier', { min: 1, max: 255 }),
  });
  fields.rejectUnknown();
  return bfd;
}

const STANDARD_COMMUNITY = /^(\d+):(\d+)$/;
const LARGE_COMMUNITY = /^(\d+):(\d+):(\d+)$/;

/** A standard (RFC 1997, `65000:100`) or large (RFC 8092, `65000:1:2`) community, range-checked. */
export function checkCommunity(fields: Fields, key: string, required = true): string | undefined {
  const text = fields.string(key, { required });
  if (text === undefined) return undefined;
  const standard = STANDARD_COMMUNITY.exec(text);
  const large = LARGE_COMMUNITY.exec(text);
  const parts = (standard ?? large)?.slice(1).map(Number);
  const limit = standard !== null ? 0xffff : MAX_AS_NUMBER;
  if (parts === undefined || parts.some((part) => part > limit)) {
    fields.issue(
      key,
      `${JSON.stringify(text)} is not a community: use aa:nn (16-bit parts) or aa:nn:mm (32-bit parts)`,
    );
    return undefined;
  }
  return text;
}
