import { expect } from 'chai';

import { syncKey, type AnyResource } from '../../datastore/index.js';
import { bgpPeer, ipPool } from '../../datastore/testing/fixtures.js';
import { decodeMessage, decodeResourceJson, encodeFrame, MESSAGE_TYPES, plainBody } from '../proto/index.js';
import { FrameDecoder } from '../proto/frame.js';
import { SnapshotSharing, type SnapshotSharingOptions } from './shared-snapshot.js';
import { SnapshotCache } from './snapshot-cache.js';

const OPTIONS: SnapshotSharingOptions = {
  batchBytes: 400,
  maxLagFrames: 3,
  maxLagBytes: 1 << 20,
  maxKept: 2,
};

function setup(options: Partial<SnapshotSharingOptions> = {}): {
  cache: SnapshotCache;
  sharing: SnapshotSharing;
  built: () => number;
} {
  const cache = new SnapshotCache({ window: { maxFrames: 5, maxBytes: 1 << 20 }, compressMinBytes: 1 << 30 });
  let built = 0;
  const sharing = new SnapshotSharing(cache, { ...OPTIONS, ...options }, () => (body) => {
    built++;
    return encodeFrame(MESSAGE_TYPES.SNAPSHOT_BATCH, body);
  });
  return { cache, sharing, built: () => built };
}

function set(cache: SnapshotCache, resource: AnyResource): void {
  cache.onUpdates([{ type: 'set', key: syncKey(resource), resource }]);
}

function pools(cache: SnapshotCache, count: number): void {
  for (let i = 0; i < count; i++) set(cache, ipPool(`pool-${i}`, `10.${i}.0.0/16`));
}

/** Every batch frame of a snapshot, as a client would read them. */
function frames(snapshot: { batch(index: number): Buffer | undefined }): Buffer[] {
  const all: Buffer[] = [];
  for (let i = 0, b = snapshot.batch(0); b !== undefined; b = snapshot.batch(++i)) all.push(b);
  return all;
}

function names(batches: readonly Buffer[]): string[] {
  const decoder = new FrameDecoder();
  return decoder.push(Buffer.concat(batches)).flatMap((frame) => {
    const message = decodeMessage(frame.type, plainBody(frame, false, 1 << 20));
    if (message.type !== 'SNAPSHOT_BATCH') throw new Error(`unexpected ${message.type}`);
    return message.resources.map((json) => decodeResourceJson(json).metadata.name);
  });
}

describe('SnapshotSharing', () => {
  it('builds each batch once and hands the same bytes to every client at that position', () => {
    const { cache, sharing, built } = setup();
    pools(cache, 12);
    const first = sharing.start(undefined, true);
    const batches = frames(first.snapshot);
    expect(batches.length).to.be.greaterThan(2); // 12 pools of ~150 bytes in batches of 400
    expect(names(batches)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `pool-${i}`));
    expect(built()).to.equal(batches.length);

    const second = sharing.start(undefined, true);
    expect(second.snapshot).to.equal(first.snapshot);
    expect(second.catchUp).to.deep.equal([]);
    const again = frames(second.snapshot);
    again.forEach((batch, i) => expect(batch).to.equal(batches[i])); // the same Buffer, not a copy
    expect(built()).to.equal(batches.length);
  });

  it('reuses a snapshot a few frames behind, with the frames since as catch-up', () => {
    const { cache, sharing } = setup();
    pools(cache, 4);
    const first = sharing.start(undefined, false);
    set(cache, ipPool('pool-1', '10.1.0.0/16', { changed: 'yes' }));
    set(cache, ipPool('late', '10.99.0.0/16'));
    const next = sharing.start(undefined, false);
    expect(next.snapshot).to.equal(first.snapshot);
    expect(next.snapshot.view.position).to.equal(4);
    expect(next.catchUp.map((frame) => frame.position)).to.deep.equal([5, 6]);
    expect(names(frames(next.snapshot))).to.not.include('late');
  });

  it('cuts a fresh snapshot once too far behind, or once the window lost the frames since', () => {
    const lagging = setup({ maxLagFrames: 1 });
    pools(lagging.cache, 3);
    const old = lagging.sharing.start(undefined, false);
    pools(lagging.cache, 5); // 5 more positions: over the lag of 1
    const fresh = lagging.sharing.start(undefined, false);
    expect(fresh.snapshot).to.not.equal(old.snapshot);
    expect(fresh.snapshot.view.position).to.equal(lagging.cache.position);
    expect(fresh.catchUp).to.deep.equal([]);

    const forgetful = setup({ maxLagFrames: 100 });
    pools(forgetful.cache, 3);
    const before = forgetful.sharing.start(undefined, false);
    pools(forgetful.cache, 8); // the window holds 5 frames: positions 4..6 are gone
    const after = forgetful.sharing.start(undefined, false);
    expect(after.snapshot).to.not.equal(before.snapshot);
    expect(after.snapshot.view.position).to.equal(11);
  });

  it('keeps one snapshot per compression and kind set, dropping the least recently used', () => {
    const { cache, sharing } = setup();
    pools(cache, 2);
    set(cache, bgpPeer('tor', '192.0.2.1', 65001));
    const all = sharing.start(undefined, false);
    const peers = sharing.start(new Set(['BGPPeer']), false);
    expect(peers.snapshot).to.not.equal(all.snapshot);
    expect(names(frames(peers.snapshot))).to.deep.equal(['tor']);
    expect(sharing.start(new Set(['BGPPeer']), false).snapshot).to.equal(peers.snapshot);
    // A third kind set evicts the oldest (all kinds, plain); the peers snapshot was used more recently.
    sharing.start(undefined, true);
    expect(sharing.start(new Set(['BGPPeer']), false).snapshot).to.equal(peers.snapshot);
    expect(sharing.start(undefined, false).snapshot).to.not.equal(all.snapshot);
  });
});
