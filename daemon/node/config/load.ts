// Loads twill-node's configuration: schema defaults, then the file, then TWILL_* variables (convict's
// precedence), validated strictly. Every problem is reported at once with its key and its source.
import convict from 'convict';
import { parse as parseYaml } from 'yaml';

import type { FailsafePort } from '../../../routing/nftables/index.js';
import { parseAutodetectionMethod, type AutodetectionMethod } from './autodetection-method.js';
import { convictIssues } from './convict-issues.js';
import { NodeConfigError, type ConfigIssue, type ConfigSource } from './errors.js';
import { NODE_CONFIG_FORMATS } from './formats.js';
import type { NodeConfig } from './node-config.js';
import { NODE_CONFIG_SCHEMA } from './schema.js';
import { schemaKeys } from './schema-keys.js';

convict.addFormats(NODE_CONFIG_FORMATS);

export interface NodeConfigInput {
  /** The file's text and its path (for messages); absent: defaults and environment only. */
  readonly file?: { readonly path: string; readonly text: string };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Used when nodeName is empty (Calico's NODENAME falls back to the host name the same way). */
  readonly hostname?: string;
}

export interface LoadedNodeConfig {
  readonly config: NodeConfig;
  /** Where each key's effective value came from. */
  readonly sources: ReadonlyMap<string, ConfigSource>;
  /** The effective values as plain data (secrets included: print with printNodeConfig, which masks them). */
  readonly raw: Record<string, unknown>;
  /** TWILL_* variables set but read by no key: likely typos, worth a warning in the log. */
  readonly unusedEnvironment: readonly string[];
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function loadNodeConfig(input: NodeConfigInput): LoadedNodeConfig {
  const fileObject = input.file === undefined ? {} : parseFile(input.file.path, input.file.text);
  const keys = schemaKeys(NODE_CONFIG_SCHEMA);
  const env: Record<string, string> = {};
  // An empty variable counts as unset, as most shells and Kubernetes manifests expect.
  for (const [name, value] of Object.entries(input.env))
    if (value !== undefined && value !== '') env[name] = value;
  const sources = new Map<string, ConfigSource>();
  for (const { key, env: variable } of keys) {
    if (variable !== undefined && env[variable] !== undefined) sources.set(key, { kind: 'env', variable });
    else if (input.file !== undefined && hasPath(fileObject, key))
      sources.set(key, { kind: 'file', path: input.file.path });
    else sources.set(key, { kind: 'default' });
  }
  const sourceOf = (key: string): ConfigSource =>
    sources.get(key) ??
    (input.file === undefined ? { kind: 'default' } : { kind: 'file', path: input.file.path });

  const config = convict(NODE_CONFIG_SCHEMA, { env, args: [] });
  try {
    config.load(fileObject);
    config.validate({ allowed: 'strict' });
  } catch (error) {
    throw NodeConfigError.invalid(convictIssues((error as Error).message, sourceOf));
  }
  const raw = config.getProperties() as unknown as Record<string, unknown>;
  if (raw['nodeName'] === '' && input.hostname !== undefined) {
    // Host names may be upper-case; Node resource names may not (Kubernetes lower-cases them too).
    raw['nodeName'] = input.hostname.toLowerCase();
  }
  const issues: ConfigIssue[] = [];
  const typed = toNodeConfig(raw, (key, message) => issues.push({ key, message, source: sourceOf(key) }));
  if (issues.length > 0) throw NodeConfigError.invalid(issues);
  const used = new Set(keys.flatMap((key) => (key.env === undefined ? [] : [key.env])));
  const unusedEnvironment = Object.keys(env).filter((name) => name.startsWith('TWILL_') && !used.has(name));
  return { config: typed, sources, raw, unusedEnvironment: unusedEnvironment.sort() };
}

function parseFile(path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    parsed = parseYaml(text);
  } catch (error) {
    throw new NodeConfigError('MALFORMED_FILE', `${path}: not YAML or JSON: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new NodeConfigError('MALFORMED_FILE', `${path}: the top level must be a mapping of keys`);
  return parsed as Record<string, unknown>;
}

function hasPath(object: Record<string, unknown>, key: string): boolean {
  let current: unknown = object;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

type Report = (key: string, message: string) => void;

function toNodeConfig(raw: Record<string, unknown>, report: Report): NodeConfig {
  const value = raw as unknown as RawConfig;
  const nodeName = value.nodeName;
  if (nodeName === '')
    report('nodeName', 'is empty and no host name is known; set nodeName or TWILL_NODENAME');
  else if (nodeName.length > 253 || !DNS_SUBDOMAIN.test(nodeName))
    report('nodeName', `${JSON.stringify(nodeName)} is not a Node resource name (a lower-case DNS name)`);
  const { etcd, typha } = value.datastore;
  if (value.datastore.type === 'etcd' && etcd.endpoints.length === 0)
    report('datastore.etcd.endpoints', 'is required when datastore.type is etcd');
  if ((etcd.certFile === '') !== (etcd.keyFile === ''))
    report(
      etcd.certFile === '' ? 'datastore.etcd.certFile' : 'datastore.etcd.keyFile',
      'set certFile and keyFile together',
    );
  if (etcd.password !== '' && etcd.username === '')
    report('datastore.etcd.username', 'is required with a password');
  if (value.datastore.type === 'typha') {
    if (typha.addresses.length === 0)
      report('datastore.typha.addresses', 'is required when datastore.type is typha');
    for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
      // typha admits clients by certificate only: without mutual TLS there is no authentication.
      if (typha[key] === '') report(`datastore.typha.${key}`, 'is required when datastore.type is typha');
    }
  }
  const ipv4 = method(value.autodetection.ipv4, 4, 'autodetection.ipv4', report);
  const ipv6 = method(value.autodetection.ipv6, 6, 'autodetection.ipv6', report);
  if (value.bgp.enabled && ipv4.kind === 'none' && ipv6.kind === 'none')
    report('autodetection.ipv4', 'none for both families leaves BGP no address to peer from');
  return {
    nodeName,
    datastore: value.datastore,
    log: value.log,
    bgp: value.bgp,
    autodetection: { ipv4, ipv6 },
    dataplane: value.dataplane,
    policy: {
      enabled: value.policy.enabled,
      failsafeInboundPorts: value.policy.failsafeInboundPorts.map(failsafePort),
    },
    control: value.control,
    restart: value.restart,
    metrics: { listen: value.metrics.listen === 'off' ? undefined : value.metrics.listen },
    health: { listen: value.health.listen === 'off' ? undefined : value.health.listen },
    kubernetesApi: value.kubernetesApi,
  };
}

function method(text: string, family: 4 | 6, key: string, report: Report): AutodetectionMethod {
  const parsed = parseAutodetectionMethod(text, family);
  if (typeof parsed !== 'string') return parsed;
  report(key, parsed);
  return { kind: 'none' };
}

function failsafePort(text: string): FailsafePort {
  const [protocol, port] = text.split(':');
  return { protocol: protocol?.toUpperCase() === 'UDP' ? 'UDP' : 'TCP', port: Number(port) };
}

/** convict's view before typing: lists and methods still as text. */
interface RawConfig {
  readonly nodeName: string;
  readonly datastore: NodeConfig['datastore'];
  readonly log: NodeConfig['log'];
  readonly bgp: NodeConfig['bgp'];
  readonly autodetection: { readonly ipv4: string; readonly ipv6: string };
  readonly dataplane: NodeConfig['dataplane'];
  readonly policy: { readonly enabled: boolean; readonly failsafeInboundPorts: readonly string[] };
  readonly control: NodeConfig['control'];
  readonly restart: NodeConfig['restart'];
  readonly metrics: { readonly listen: string };
  readonly health: { readonly listen: string };
  readonly kubernetesApi: NodeConfig['kubernetesApi'];
}
