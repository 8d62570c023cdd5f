// GC (CNI spec 1.1 §"GC"): the runtime lists every attachment it still knows for this network in
// cni.dev/valid-attachments; whatever this node holds for the network beyond them is released
// (addresses, WorkloadEndpoint and, if still there, the host veth). Only this node's allocations of
// this network are considered: other nodes' runtimes know nothing of ours.
import { CniError } from './cni-error.js';
import { releaseAttachment } from './cmd-del.js';
import { parseHandleID } from './names.js';
import type { Session } from './session.js';

export interface GcOutcome {
  readonly released: readonly string[];
}

export async function cmdGc(session: Session): Promise<GcOutcome> {
  const { config, node } = session;
  if (config.validAttachments === undefined) {
    throw new CniError(
      'INVALID_NETWORK_CONFIG',
      'GC needs cni.dev/valid-attachments (the attachments to keep); without it every allocation would look stale',
    );
  }
  const valid = new Set(config.validAttachments.map((a) => `${a.containerID}/${a.ifname}`));
  const { items: blocks } = await session.store.backend.list('IPAMBlock');
  const stale = new Map<string, { containerID: string; ifName: string; namespace: string; name: string }>();
  for (const block of blocks) {
    for (const attribute of block.spec.attributes) {
      if (attribute.handleID === undefined || attribute.secondary?.node !== node) continue;
      const attachment = parseHandleID(config.name, attribute.handleID);
      if (attachment === undefined) continue;
      if (valid.has(`${attachment.containerID}/${attachment.ifName}`)) continue;
      stale.set(attribute.handleID, {
        ...attachment,
        namespace: attribute.secondary.namespace ?? '',
        name: attribute.secondary.workloadEndpoint ?? '',
      });
    }
  }
  for (const entry of stale.values()) {
    await releaseAttachment(session, entry.containerID, entry.ifName, entry);
  }
  return { released: [...stale.keys()] };
}
