import { isResourceKind, type AnyResource } from '../../datastore/index.js';
import { ProtocolError } from './proto-error.js';

export function encodeResourceJson(resource: AnyResource): Buffer {
  return Buffer.from(JSON.stringify(resource), 'utf8');
}

/**
 * A resource from the wire. The server validated it when it was written to the datastore; this checks
 * only what the client indexes by (kind and name), so a corrupt frame fails here, not deep in a consumer.
 */
export function decodeResourceJson(json: Buffer): AnyResource {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new ProtocolError('MALFORMED_FRAME', 'resource is not JSON');
  }
  const resource = value as { kind?: unknown; metadata?: { name?: unknown } } | null;
  if (
    typeof resource !== 'object' ||
    resource === null ||
    !isResourceKind(resource.kind) ||
    typeof resource.metadata?.name !== 'string'
  ) {
    throw new ProtocolError('MALFORMED_FRAME', 'resource without a known kind and a name');
  }
  return value as AnyResource;
}
