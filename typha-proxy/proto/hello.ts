import { isResourceKind, type ResourceKind } from '../../datastore/index.js';
import { ProtocolError } from './proto-error.js';
import { FEATURES, PROTOCOL_VERSIONS, type Feature, type ProtocolVersion } from './protocol.js';

/** Where a client left off: the server's epoch and the last position it fully applied. */
export interface ResumePoint {
  readonly epoch: string;
  readonly position: number;
}

export interface ClientHello {
  /** Every version the client speaks. */
  readonly versions: readonly number[];
  readonly features: readonly string[];
  /** Absent: every kind the server carries. Unknown kinds (a newer client) are ignored. */
  readonly kinds?: readonly ResourceKind[];
  readonly resume?: ResumePoint;
  /** For logs only (e.g. the node name). */
  readonly name?: string;
}

export type StartMode = 'snapshot' | 'resume';

export interface ServerHello {
  readonly version: ProtocolVersion;
  /** The agreed features: those both sides advertised. */
  readonly features: readonly Feature[];
  readonly epoch: string;
  readonly start: StartMode;
}

// Positions travel as decimal strings: a JSON number above 2^53 is not exact in every language.
export function encodeClientHello(hello: ClientHello): Buffer {
  const { resume, ...rest } = hello;
  const json =
    resume === undefined
      ? rest
      : { ...rest, resume: { epoch: resume.epoch, position: String(resume.position) } };
  return Buffer.from(JSON.stringify(json), 'utf8');
}

export function encodeServerHello(hello: ServerHello): Buffer {
  return Buffer.from(JSON.stringify(hello), 'utf8');
}

export function decodeClientHello(body: Buffer): ClientHello {
  const json = parseObject(body, 'client hello');
  const versions = json['versions'];
  if (!Array.isArray(versions) || !versions.every((v) => Number.isInteger(v))) {
    throw malformed('client hello: "versions" must be an array of integers');
  }
  const features = stringArray(json['features'], 'features');
  const kindsField = json['kinds'];
  const kinds =
    kindsField === undefined ? undefined : stringArray(kindsField, 'kinds').filter(isResourceKind);
  const resume = json['resume'] === undefined ? undefined : resumePoint(json['resume']);
  const name = typeof json['name'] === 'string' ? json['name'] : undefined;
  return {
    versions: versions as number[],
    features,
    ...(kinds === undefined ? {} : { kinds }),
    ...(resume === undefined ? {} : { resume }),
    ...(name === undefined ? {} : { name }),
  };
}

export function decodeServerHello(body: Buffer): ServerHello {
  const json = parseObject(body, 'server hello');
  const version = json['version'];
  if (!PROTOCOL_VERSIONS.some((v) => v === version)) {
    throw new ProtocolError('UNSUPPORTED_VERSION', `server chose version ${String(version)}`, {
      details: { version },
    });
  }
  const epoch = json['epoch'];
  const start = json['start'];
  if (typeof epoch !== 'string') throw malformed('server hello: "epoch" must be a string');
  if (start !== 'snapshot' && start !== 'resume') throw malformed('server hello: bad "start"');
  const features = stringArray(json['features'], 'features').filter(isFeature);
  return { version: version as ProtocolVersion, features, epoch, start };
}

/** The highest version both speak; UNSUPPORTED_VERSION if none. */
export function chooseVersion(offered: readonly number[]): ProtocolVersion {
  const common = PROTOCOL_VERSIONS.filter((v) => offered.includes(v));
  const best = common.at(-1);
  if (best === undefined) {
    throw new ProtocolError(
      'UNSUPPORTED_VERSION',
      `no common protocol version: peer speaks [${offered.join(', ')}], this side [${PROTOCOL_VERSIONS.join(', ')}]`,
      { details: { offered } },
    );
  }
  return best;
}

/** The features both sides advertised, in this side's order. */
export function agreeFeatures(mine: readonly Feature[], theirs: readonly string[]): Feature[] {
  return mine.filter((feature) => theirs.includes(feature));
}

function isFeature(value: string): value is Feature {
  return FEATURES.some((feature) => feature === value);
}

function parseObject(body: Buffer, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed(`${what} is not JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw malformed(`${what} is not a JSON object`);
  }
  return json as Record<string, unknown>;
}

function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw malformed(`hello: "${field}" must be an array of strings`);
  }
  return value as string[];
}

function resumePoint(value: unknown): ResumePoint {
  if (typeof value !== 'object' || value === null) throw malformed('hello: "resume" must be an object');
  const { epoch, position } = value as Record<string, unknown>;
  const parsed = typeof position === 'string' && /^\d{1,16}$/.test(position) ? Number(position) : NaN;
  if (typeof epoch !== 'string' || !Number.isSafeInteger(parsed)) {
    throw malformed('hello: "resume" needs a string epoch and a decimal position');
  }
  return { epoch, position: parsed };
}

function malformed(message: string): ProtocolError {
  return new ProtocolError('MALFORMED_FRAME', message);
}
