/**
 * The capabilities this codec understands (RFC 5492 §4 TLVs), by code. A capability not listed here is
 * kept as `{ name: 'unknown', code, value }` and re-encoded unchanged.
 */
import { TwillError, type Reader, type Writer } from '../../../common/index.js';
import { addPath } from './add-path.js';
import { enhancedRouteRefresh } from './enhanced-route-refresh.js';
import { extendedMessage } from './extended-message.js';
import { extendedNextHop } from './extended-next-hop.js';
import { fourOctetAs } from './four-octet-as.js';
import { gracefulRestart } from './graceful-restart.js';
import { longLivedGracefulRestart } from './long-lived-graceful-restart.js';
import { multiprotocol } from './multiprotocol.js';
import { routeRefresh } from './route-refresh.js';
import type { Capability, CapabilityCodec, CapabilityName, KnownCapability } from './types.js';

type AnyCapabilityCodec = { [N in CapabilityName]: CapabilityCodec<N> }[CapabilityName];

export const CAPABILITIES: readonly AnyCapabilityCodec[] = [
  multiprotocol, // 1, RFC 4760
  routeRefresh, // 2, RFC 2918
  extendedNextHop, // 5, RFC 8950
  extendedMessage, // 6, RFC 8654
  gracefulRestart, // 64, RFC 4724
  fourOctetAs, // 65, RFC 6793
  addPath, // 69, RFC 7911
  enhancedRouteRefresh, // 70, RFC 7313
  longLivedGracefulRestart, // 71, RFC 9494
];

const BY_CODE = new Map<number, AnyCapabilityCodec>(CAPABILITIES.map((c) => [c.code, c]));
const BY_NAME = new Map<string, AnyCapabilityCodec>(CAPABILITIES.map((c) => [c.name, c]));

/** Decodes one Capability Value; throws CapabilityProblem when a known capability is malformed. */
export function decodeCapability(code: number, value: Reader): Capability {
  const codec = BY_CODE.get(code);
  if (codec === undefined) return { name: 'unknown', code, value: value.bytes(value.remaining) };
  const capability = codec.decode(value);
  value.expectEnd();
  return capability;
}

export function capabilityCode(capability: Capability): number {
  return capability.name === 'unknown' ? capability.code : codecFor(capability).code;
}

/** Writes one capability TLV: code, 1-octet length, value. */
export function encodeCapability(capability: Capability, w: Writer): void {
  w.u8(capabilityCode(capability));
  const length = w.beginLength(1);
  if (capability.name === 'unknown') w.bytes(capability.value);
  else (codecFor(capability).encode as (c: KnownCapability, w: Writer) => void)(capability, w);
  w.endLength(length);
}

function codecFor(capability: KnownCapability): AnyCapabilityCodec {
  const codec = BY_NAME.get(capability.name);
  if (codec === undefined) {
    throw new TwillError('INVALID_ARGUMENT', `no codec for capability ${capability.name}`);
  }
  return codec;
}
