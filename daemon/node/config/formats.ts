// convict formats for twill-node's keys. Each validator throws an Error whose message convict prefixes
// with the key; load.ts then adds where the value came from (file, environment variable or default).
import type convict from 'convict';

import { LOG_LEVELS, tryParseIpAddress } from '../../../common/index.js';
import { parseAutodetectionMethod } from './autodetection-method.js';

/** Environment variables hold lists as comma-separated text; files hold real arrays. */
function toList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function expectStrings(value: unknown): asserts value is string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new Error('must be a list of strings');
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/;

/** `host:port` or `[v6]:port`; returns a message or undefined. */
export function hostPortProblem(text: string): string | undefined {
  const match = HOST_PORT.exec(text);
  if (match === null) return `${JSON.stringify(text)} is not HOST:PORT (IPv6 as [ADDR]:PORT)`;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return `port ${port} is out of range 1-65535`;
  const host = match[1] ?? '';
  if (host.startsWith('[') && tryParseIpAddress(host.slice(1, -1))?.family !== 6)
    return `${host} is not a bracketed IPv6 address`;
  return undefined;
}

const FAILSAFE = /^(tcp|udp):(\d{1,5})$/i;

/** Strict integers: `"12abc"` from an environment variable is refused, not read as 12 (parseInt would). */
function integerFormat(min: number, max: number): convict.Format {
  return {
    coerce: (value: unknown) =>
      typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
    validate(value: unknown) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new Error(`must be an integer from ${min} to ${max}`);
    },
  };
}

export const NODE_CONFIG_FORMATS: Record<string, convict.Format> = {
  'twill-boolean': {
    // convict's own Boolean reads every string but "false" as true; "yes" or "0" must be refused instead.
    coerce: (value: unknown) => (value === 'true' ? true : value === 'false' ? false : value),
    validate(value: unknown) {
      if (typeof value !== 'boolean') throw new Error('must be true or false');
    },
  },
  'twill-port': integerFormat(1, 65535),
  // RFC 4724 §3: the Restart Time field is 12 bits.
  'twill-restart-time': integerFormat(1, 4095),
  // Linux route table ids are 32-bit; 0 is "unspecified" and 255/254/253 are local/main/default.
  'twill-route-table': integerFormat(1, 0xfffffffe),
  // rtm_protocol is one byte; 0-4 are the kernel's own (unspec, redirect, kernel, boot, static).
  'twill-route-protocol': integerFormat(5, 255),
  // 0 means "detect from the uplink"; 68 is IPv4's minimum (RFC 791), 65535 the largest link MTU.
  'twill-mtu': integerFormat(0, 65535),
  // VXLAN Network Identifier: 24 bits (RFC 7348 §5).
  'twill-vni': integerFormat(1, 0xffffff),
  'twill-endpoint-urls': {
    coerce: toList,
    validate(value: unknown) {
      expectStrings(value);
      for (const url of value) {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new Error(
            `${JSON.stringify(url)} is not a URL (http://HOST:PORT, https://HOST:PORT or unix:///PATH)`,
          );
        }
        // etcd also listens on unix sockets (--listen-client-urls unix:///path).
        if (!['http:', 'https:', 'unix:'].includes(parsed.protocol))
          throw new Error(`${JSON.stringify(url)}: scheme must be http, https or unix`);
      }
    },
  },
  'twill-host-ports': {
    coerce: toList,
    validate(value: unknown) {
      expectStrings(value);
      for (const item of value) {
        const problem = hostPortProblem(item);
        if (problem !== undefined) throw new Error(problem);
      }
    },
  },
  'twill-listen-address': {
    validate(value: unknown) {
      if (typeof value !== 'string') throw new Error('must be a string');
      if (value === 'off') return;
      const problem = hostPortProblem(value);
      if (problem !== undefined) throw new Error(`${problem}, or "off"`);
    },
  },
  'twill-ipv4-method': {
    validate(value: unknown) {
      if (typeof value !== 'string') throw new Error('must be a string');
      const method = parseAutodetectionMethod(value, 4);
      if (typeof method === 'string') throw new Error(method);
    },
  },
  'twill-ipv6-method': {
    validate(value: unknown) {
      if (typeof value !== 'string') throw new Error('must be a string');
      const method = parseAutodetectionMethod(value, 6);
      if (typeof method === 'string') throw new Error(method);
    },
  },
  'twill-log-level': {
    validate(value: unknown) {
      if (typeof value !== 'string' || !(LOG_LEVELS as readonly string[]).includes(value))
        throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
    },
  },
  'twill-failsafe-ports': {
    coerce: toList,
    validate(value: unknown) {
      expectStrings(value);
      for (const item of value) {
        const match = FAILSAFE.exec(item);
        const port = Number(match?.[2]);
        if (match === null || port < 1 || port > 65535)
          throw new Error(`${JSON.stringify(item)} is not PROTOCOL:PORT (tcp:22, udp:3784)`);
      }
    },
  },
  'twill-kubeconfig': {
    validate(value: unknown) {
      if (typeof value !== 'string') throw new Error('must be a string');
      if (value !== '' && value !== 'in-cluster' && !value.startsWith('/'))
        throw new Error(`${JSON.stringify(value)} is not empty, in-cluster or an absolute path`);
    },
  },
  'twill-coalesce-ms': integerFormat(0, 60_000),
  'twill-event-burst': integerFormat(1, 1000),
  'twill-event-refill-sec': integerFormat(1, 86_400),
  'twill-file-path': {
    validate(value: unknown) {
      if (typeof value !== 'string') throw new Error('must be a string');
      if (value !== '' && !value.startsWith('/'))
        throw new Error(`${JSON.stringify(value)} is not an absolute path`);
    },
  },
};
