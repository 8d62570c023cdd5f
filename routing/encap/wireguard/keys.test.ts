import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { expectTwillError } from '../../../common/testing/expect-error.js';
import { generateKeyPair, keyPairFromPrivate, loadOrCreateKeyPair, writeKeyFile } from './keys.js';

describe('WireGuard keys', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'twt-enc-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('derives the same public key as `wg pubkey`', () => {
    for (let i = 0; i < 3; i++) {
      const pair = generateKeyPair();
      const wg = execFileSync('wg', ['pubkey'], {
        input: pair.privateKey.toString('base64') + '\n',
        encoding: 'utf8',
      });
      expect(pair.publicKey.toString('base64')).to.equal(wg.trim());
    }
  });

  it('creates the key file with mode 0600 and reads the same key on the next start', async () => {
    const path = join(dir, 'sub', 'wg.key');
    const first = await loadOrCreateKeyPair(path);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const again = await loadOrCreateKeyPair(path);
    expect(again.privateKey.equals(first.privateKey)).to.equal(true);
    expect(again.publicKey.equals(first.publicKey)).to.equal(true);
    // The file is what `wg` reads too.
    const wg = execFileSync('wg', ['pubkey'], { input: await fs.readFile(path), encoding: 'utf8' });
    expect(wg.trim()).to.equal(first.publicKey.toString('base64'));
  });

  it('replaces the key atomically on rotation and leaves no temporary file', async () => {
    const path = join(dir, 'wg.key');
    const first = await loadOrCreateKeyPair(path);
    const next = generateKeyPair();
    await writeKeyFile(path, next.privateKey);
    const loaded = await loadOrCreateKeyPair(path);
    expect(loaded.publicKey.equals(next.publicKey)).to.equal(true);
    expect(loaded.publicKey.equals(first.publicKey)).to.equal(false);
    expect(await fs.readdir(dir)).to.deep.equal(['wg.key']);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  it('refuses a corrupt key file instead of silently making a new identity', async () => {
    const path = join(dir, 'wg.key');
    writeFileSync(path, 'not a key\n');
    const err = await loadOrCreateKeyPair(path).catch((e: unknown) => e);
    expectTwillError(
      () => {
        throw err;
      },
      'KEY_FILE',
      path,
    );
    expectTwillError(() => keyPairFromPrivate(Buffer.alloc(31)), 'KEY_FILE', '32 bytes');
  });
});
