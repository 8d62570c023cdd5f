// A VTEP MAC that is the same on every start and on every node that computes it: derived from the
// node name, so a restart does not invalidate the FDB and neighbour entries other nodes hold for us.
import { createHash } from 'node:crypto';

/** 02:xx:xx:xx:xx:xx: locally administered (bit 1), unicast (bit 0 clear), 40 bits of SHA-256(name). */
export function vtepMacFor(nodeName: string): string {
  const digest = createHash('sha256').update(`twill-vtep:${nodeName}`).digest();
  const bytes = [0x02, ...digest.subarray(0, 5)];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
