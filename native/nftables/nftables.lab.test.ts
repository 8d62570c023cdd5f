// The libnftables addon on a real kernel, inside a network namespace of our own.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { NftBatchError, nftGeneration, runNftBatch } from './index.js';

describe('libnftables addon (lab)', () => {
  const ns = `twt-nft-${process.pid}-3`;
  const netnsPath = `/run/netns/${ns}`;

  before(() => execFileSync('ip', ['netns', 'add', ns]));
  after(() => execFileSync('ip', ['netns', 'del', ns]));

  it('runs a text batch inside the namespace and lists it as JSON, leaving our own namespace alone', async () => {
    await runNftBatch('add table inet twt; add chain inet twt c; add set inet twt s { type ipv4_addr; }\n', {
      netnsPath,
    });
    await runNftBatch(
      { nftables: [{ add: { element: { family: 'inet', table: 'twt', name: 's', elem: ['10.1.2.3'] } } }] },
      { netnsPath },
    );
    const listing = JSON.parse(
      (await runNftBatch('list table inet twt', { netnsPath, json: true })).output,
    ) as {
      nftables: Record<string, { name?: string; elem?: unknown[] }>[];
    };
    const set = listing.nftables.find((i) => i.set !== undefined)?.set;
    expect(set?.name).to.equal('s');
    expect(set?.elem).to.deep.equal(['10.1.2.3']);
    const mine = execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' });
    expect(mine).to.not.contain('twt');
  });

  it('commits nothing of a batch with a failing command, and says which column failed', async () => {
    let caught: unknown;
    try {
      await runNftBatch(
        'add table inet twt2; add chain inet twt c2; add rule inet twt c2 ip saddr @absent accept\n',
        { netnsPath },
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(NftBatchError);
    const e = caught as NftBatchError;
    expect(e.code).to.equal('NFT_BATCH_FAILED');
    expect(e.errorText).to.contain('No such file or directory');
    const line = 'add table inet twt2; add chain inet twt c2; add rule inet twt c2 ip saddr @absent accept';
    expect(line.slice(e.errorColumn ?? 0)).to.match(/^@absent/);
    const tables = (await runNftBatch('list tables', { netnsPath })).output;
    expect(tables).to.contain('twt').and.not.contain('twt2');
    expect((await runNftBatch('list table inet twt', { netnsPath })).output).to.not.contain('c2');
  });

  it('rejects a namespace that does not exist with NFT_NETNS_FAILED', async () => {
    let caught: unknown;
    try {
      await runNftBatch('list tables', { netnsPath: `/run/netns/${ns}-absent` });
    } catch (err) {
      caught = err;
    }
    expect((caught as NftBatchError).code).to.equal('NFT_NETNS_FAILED');
    expect((caught as NftBatchError).errno).to.equal(2);
  });

  it('runs concurrent batches in several namespaces without mixing them up', async () => {
    const other = `${ns}-b`;
    execFileSync('ip', ['netns', 'add', other]);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          runNftBatch(`add table inet n${i}\n`, {
            netnsPath: i % 2 === 0 ? netnsPath : `/run/netns/${other}`,
          }),
        ),
      );
      const a = (await runNftBatch('list tables', { netnsPath })).output;
      const b = (await runNftBatch('list tables', { netnsPath: `/run/netns/${other}` })).output;
      for (let i = 0; i < 20; i++) {
        expect(i % 2 === 0 ? a : b).to.match(new RegExp(`inet n${i}\\n`));
        expect(i % 2 === 0 ? b : a).to.not.match(new RegExp(`inet n${i}\\n`));
      }
    } finally {
      execFileSync('ip', ['netns', 'del', other]);
    }
  });

  it('reads the ruleset generation: +1 per committed batch, unchanged by a refused batch or a listing', async () => {
    const g0 = await nftGeneration({ netnsPath });
    await runNftBatch('add table inet twtgen; add chain inet twtgen c\n', { netnsPath });
    const g1 = await nftGeneration({ netnsPath });
    expect(g1).to.equal((g0 + 1) >>> 0);
    await runNftBatch('list table inet twtgen', { netnsPath, json: true });
    await runNftBatch('add rule inet twtgen c ip saddr @absent accept\n', { netnsPath }).catch(
      () => undefined,
    );
    expect(await nftGeneration({ netnsPath })).to.equal(g1);
    // Another program (the nft CLI) committing in the namespace moves it too.
    execFileSync('ip', ['netns', 'exec', ns, 'nft', 'add', 'chain', 'inet', 'twtgen', 'd']);
    expect(await nftGeneration({ netnsPath })).to.equal((g1 + 1) >>> 0);
    await runNftBatch('delete table inet twtgen\n', { netnsPath });
  });

  it('fails with a typed error for a namespace that does not exist', async () => {
    let caught: unknown;
    try {
      await nftGeneration({ netnsPath: '/run/netns/twt-no-such-namespace' });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(NftBatchError);
    expect((caught as NftBatchError).code).to.equal('NFT_NETNS_FAILED');
  });
});
