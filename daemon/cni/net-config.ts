// The network configuration on stdin (CNI spec 1.1 §"Network configuration format" and §"Plugin
// configuration"), plus twill-cni's own keys. Decoding order matters for the error code a runtime
// sees: not JSON → 6; unsupported cniVersion → 1 (before anything else, since other fields may mean
// something else in another version); a bad value → 7; a key nobody knows → 2.
import { ConfigFields, isObject, type JsonObject } from './config-fields.js';
import { CniError } from './cni-error.js';
import { readDatastoreConfig, type DatastoreConfig } from './datastore-config.js';
import { requireSupportedVersion, type CniVersion } from './versions.js';
import { readLabels, type Labels } from './labels.js';

export interface IpamConfig {
  readonly assignIPv4: boolean;
  readonly assignIPv6: boolean;
  /** Restrict allocation to these IPPools (by name); default every pool that selects the node. */
  readonly ipv4Pools?: readonly string[];
  readonly ipv6Pools?: readonly string[];
}

export interface DnsConfig {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

export interface Attachment {
  readonly containerID: string;
  readonly ifname: string;
}

export interface NetConfig {
  readonly cniVersion: CniVersion;
  readonly name: string;
  readonly type: string;
  /** The Node resource this host is; default the host name. */
  readonly nodeName?: string;
  /** Pod interface MTU; default detected from the uplink (the default route's device). */
  readonly mtu?: number;
  readonly datastore: DatastoreConfig;
  readonly ipam: IpamConfig;
  readonly dns?: DnsConfig;
  /** Labels for the WorkloadEndpoint from args.cni.labels and runtimeConfig.labels. */
  readonly labels: Labels;
  /** The result of the previous plugin (or of ADD, for CHECK and DEL), undecoded. */
  readonly prevResult?: JsonObject;
  /** GC: the attachments the runtime still knows (spec 1.1 §"GC"). */
  readonly validAttachments?: readonly Attachment[];
  /** Upper bound of one invocation's datastore work. */
  readonly timeoutMs: number;
}

const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Keys the spec (and runtimes) put in a plugin's config that twill-cni reads nothing from. */
const SPEC_KEYS = ['cniVersions', 'ipMasq', 'capabilities', 'disableCheck', 'disableGC'];

/** stdin → JSON object, or code 6. */
export function decodeJson(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CniError(
      'DECODE_FAILURE',
      `the network configuration on stdin is not JSON (${(error as Error).message})`,
      { details: { stdinBytes: text.length } },
    );
  }
  if (!isObject(value)) {
    throw new CniError('DECODE_FAILURE', 'the network configuration on stdin must be a JSON object');
  }
  return value;
}

export function readVersion(json: JsonObject): CniVersion {
  const version = json.cniVersion;
  if (version === undefined) {
    throw new CniError('INVALID_NETWORK_CONFIG', 'cniVersion is required in the network configuration');
  }
  if (typeof version !== 'string') {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      `cniVersion must be a string, got ${JSON.stringify(version)}`,
    );
  }
  return requireSupportedVersion(version);
}

export function parseNetConfig(json: JsonObject): NetConfig {
  const cniVersion = readVersion(json);
  const top = new ConfigFields(json, '');
  top.raw('cniVersion');
  const name = top.string('name', {
    required: true,
    pattern: NETWORK_NAME,
    hint: 'a network name (letters, digits, "_", "." and "-", starting with a letter or digit)',
  }) as string;
  const type = top.string('type', { required: true }) as string;
  const nodeName = top.string('nodeName');
  const mtu = top.integer('mtu', 68, 65535);
  const datastore = readDatastoreConfig(top.object('datastore', true) as ConfigFields);
  const ipam = readIpam(top.object('ipam'));
  const dns = readDns(top.object('dns'));
  const labels = readLabels(top.object('args'), top.object('runtimeConfig'));
  const prevResult = top.object('prevResult')?.value;
  const validAttachments = readAttachments(top);
  const timeoutMs = top.integer('timeoutMs', 1, 600_000) ?? DEFAULT_TIMEOUT_MS;
  top.rejectUnknown(SPEC_KEYS);
  return {
    cniVersion,
    name,
    type,
    ...(nodeName !== undefined ? { nodeName } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    datastore,
    ipam,
    ...(dns !== undefined ? { dns } : {}),
    labels,
    ...(prevResult !== undefined ? { prevResult } : {}),
    ...(validAttachments !== undefined ? { validAttachments } : {}),
    timeoutMs,
  };
}

function readIpam(fields: ConfigFields | undefined): IpamConfig {
  if (fields === undefined) return { assignIPv4: true, assignIPv6: false };
  const type = fields.string('type');
  // IPAM is built in (one datastore round trip less than a delegated IPAM plugin); refuse another.
  if (type !== undefined && type !== 'twill') {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      `ipam.type ${JSON.stringify(type)}: twill-cni allocates from Twill IPAM itself; set ipam.type to "twill" or leave it out`,
      { details: { field: 'ipam.type', value: type } },
    );
  }
  const assignIPv4 = fields.boolean('assignIPv4') ?? true;
  const assignIPv6 = fields.boolean('assignIPv6') ?? false;
  const ipv4Pools = fields.strings('ipv4Pools');
  const ipv6Pools = fields.strings('ipv6Pools');
  fields.rejectUnknown();
  if (!assignIPv4 && !assignIPv6) {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      'ipam: assignIPv4 and assignIPv6 are both false; enable at least one',
      {
        details: { field: 'ipam' },
      },
    );
  }
  return {
    assignIPv4,
    assignIPv6,
    ...(ipv4Pools !== undefined ? { ipv4Pools } : {}),
    ...(ipv6Pools !== undefined ? { ipv6Pools } : {}),
  };
}

function readDns(fields: ConfigFields | undefined): DnsConfig | undefined {
  if (fields === undefined) return undefined;
  const dns: DnsConfig = {
    ...optionalField('nameservers', fields.strings('nameservers')),
    ...optionalField('domain', fields.string('domain')),
    ...optionalField('search', fields.strings('search')),
    ...optionalField('options', fields.strings('options')),
  };
  fields.rejectUnknown();
  return dns;
}

function readAttachments(top: ConfigFields): Attachment[] | undefined {
  // Spec 1.1 names the key cni.dev/valid-attachments; early 1.1 runtimes wrote cni.dev/attachments.
  const key = top.has('cni.dev/valid-attachments') ? 'cni.dev/valid-attachments' : 'cni.dev/attachments';
  const value = top.raw(key);
  top.raw('cni.dev/attachments');
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw new CniError('INVALID_NETWORK_CONFIG', `${key} must be an array of {containerID, ifname}`);
  }
  return value.map((item: unknown, i) => {
    if (!isObject(item) || typeof item.containerID !== 'string' || typeof item.ifname !== 'string') {
      throw new CniError(
        'INVALID_NETWORK_CONFIG',
        `${key}[${i}] must be {"containerID": string, "ifname": string}, got ${JSON.stringify(item)}`,
      );
    }
    return { containerID: item.containerID, ifname: item.ifname };
  });
}

function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
