import { expect } from 'chai';

import { ipPool, bgpPeer } from '../testing/fixtures.js';
import { describeEvent, takeEvents } from '../testing/watch-helpers.js';
import { startStandInBackend, type StandInHarness } from './testing/stand-in-harness.js';

/** The watch requests the stand-in saw, as the resourceVersions they asked for. */
function watchFrom(harness: StandInHarness): Array<string | undefined> {
  return harness.standIn.requests.filter((r) => r.query.watch === 'true').map((r) => r.query.resourceVersion);
}

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('KubernetesBackend watch over the stand-in', function () {
  this.timeout(10_000);
  let harness: StandInHarness;
  afterEach(async () => harness.close());

  it('asks for bookmarks and resumes from a bookmark after the server ends the request, past a compaction', async () => {
    harness = await startStandInBackend();
    const { backend, standIn } = harness;
    const { revision } = await backend.list('IPPool');
    const watch = backend.watch('IPPool', { fromRevision: revision });
    try {
      await until('the watch request', () => standIn.openWatches === 1);
      expect(standIn.requests.find((r) => r.query.watch === 'true')?.query).to.deep.include({
        resourceVersion: revision,
        allowWatchBookmarks: 'true',
      });
      // Other kinds move the resourceVersion; a bookmark tells the quiet IPPool watch where it stands.
      await backend.create(bgpPeer('peer-1', '192.0.2.1', 65001));
      await backend.create(bgpPeer('peer-2', '192.0.2.2', 65002));
      const bookmark = String(standIn.store.currentRevision);
      standIn.sendBookmarks();
      await backend.create(bgpPeer('peer-3', '192.0.2.3', 65003));
      // Compaction behind the bookmark: resuming from the list revision would now be 410. (The bookmark
      // line precedes the end of the request on the same stream, so it is read before the close.)
      standIn.compact();
      standIn.endWatches();
      await until('the resumed watch', () => watchFrom(harness).length === 2 && standIn.openWatches === 1);
      const resumedFrom = watchFrom(harness)[1];
      expect(BigInt(resumedFrom ?? '0') >= BigInt(bookmark)).to.equal(true);
      await backend.create(ipPool('after', '10.7.0.0/16'));
      expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['added after']);
    } finally {
      watch.close();
    }
  });

  it('reconnects after a broken connection without losing or repeating events', async () => {
    harness = await startStandInBackend();
    const { backend, standIn } = harness;
    const { revision } = await backend.list('IPPool');
    const watch = backend.watch('IPPool', { fromRevision: revision });
    try {
      await backend.create(ipPool('a', '10.1.0.0/16'));
      expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['added a']);
      standIn.breakWatches();
      // Written while no watch request is open: the resumed request replays it from history.
      await backend.create(ipPool('b', '10.2.0.0/16'));
      await backend.delete('IPPool', 'a');
      expect((await takeEvents(watch, 2)).map(describeEvent)).to.deep.equal(['added b', 'deleted a']);
      expect(watchFrom(harness)).to.have.length.at.least(2);
    } finally {
      watch.close();
    }
  });

  it('takes 410 as an HTTP status too (a server without a watch cache) and says resync-needed', async () => {
    harness = await startStandInBackend({ goneAs: 'status' });
    const { backend, standIn } = harness;
    const { revision } = await backend.list('IPPool');
    await backend.create(ipPool('a', '10.1.0.0/16'));
    await backend.create(ipPool('b', '10.2.0.0/16'));
    standIn.compact();
    const watch = backend.watch('IPPool', { fromRevision: revision });
    try {
      expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['resync-needed(compacted)']);
    } finally {
      watch.close();
    }
  });

  it('gives up with resync-needed (watch-lost) when the server keeps failing', async () => {
    harness = await startStandInBackend({ watchMaxRetries: 2 });
    const { backend, standIn } = harness;
    const { revision } = await backend.list('IPPool');
    const watch = backend.watch('IPPool', { fromRevision: revision });
    try {
      await until('the watch request', () => standIn.openWatches === 1);
      await standIn.stop(); // Nothing listens any more: every reconnect fails.
      expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['resync-needed(watch-lost)']);
    } finally {
      watch.close();
    }
  });

  it('watches "from now" by listing one item for the current resourceVersion, never replaying', async () => {
    harness = await startStandInBackend();
    const { backend, standIn } = harness;
    await backend.create(ipPool('old', '10.1.0.0/16'));
    const watch = backend.watch('IPPool');
    try {
      await until('the watch request', () => standIn.openWatches === 1);
      const probe = standIn.requests.find((r) => r.method === 'GET' && r.query.limit === '1');
      expect(probe, 'a one-item list').to.not.equal(undefined);
      expect(watchFrom(harness)).to.deep.equal([String(standIn.store.currentRevision)]);
      await backend.create(ipPool('new', '10.2.0.0/16'));
      expect((await takeEvents(watch, 1)).map(describeEvent)).to.deep.equal(['added new']);
    } finally {
      watch.close();
    }
  });
});
