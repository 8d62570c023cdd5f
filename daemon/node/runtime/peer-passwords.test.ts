import { expect } from 'chai';

import { nullLogger } from '../../../common/index.js';
import { waitFor } from '../../../lab/wait.js';
import { PeerPasswords, passwordSecretsNamespace, type SecretReader } from './peer-passwords.js';

/** An in-memory Secret reader (the real one is tested against the stand-in API server). */
class MemoryReader implements SecretReader {
  started = 0;
  readonly values = new Map<string, string>();
  private listener: (() => void) | undefined;
  lookup(name: string, key: string) {
    const v = this.values.get(`${name}/${key}`);
    return v === undefined ? { reason: `password: Secret ns/${name} not found` } : { value: v };
  }
  onChange(listener: () => void) {
    this.listener = listener;
    return () => undefined;
  }
  start() {
    this.started++;
  }
  stop() {}
  change() {
    this.listener?.();
  }
}

describe('PeerPasswords (lazy Secret reader for BGPPeer passwords)', () => {
  const ref = { name: 'bgp', key: 'tor' };

  it('opens the reader on the first lookup only, says why until it answers, then follows its changes', async () => {
    const reader = new MemoryReader();
    let opens = 0;
    const passwords = new PeerPasswords('twill-system', async () => (opens++, reader), nullLogger);
    let changes = 0;
    passwords.onChange(() => changes++);
    expect(opens).to.equal(0);
    expect(passwords.lookup(ref)).to.deep.equal({
      reason: 'password: Secret twill-system/bgp key tor: Secrets not read yet',
    });
    passwords.lookup(ref);
    await waitFor('the reader started', async () => (reader.started > 0 ? true : undefined), {
      timeoutMs: 2000,
      intervalMs: 10,
    });
    expect([opens, reader.started]).to.deep.equal([1, 1]);
    expect(passwords.lookup(ref)).to.deep.equal({ reason: 'password: Secret ns/bgp not found' });
    reader.values.set('bgp/tor', 'k');
    reader.change();
    expect(changes).to.equal(1);
    expect(passwords.lookup(ref)).to.deep.equal({ value: 'k' });
  });

  it('a reader that cannot be opened: the reason says there is no Kubernetes API, and listeners hear it', async () => {
    const passwords = new PeerPasswords(
      'twill-system',
      () => Promise.reject(new Error('ENOENT: /etc/kubeconfig')),
      nullLogger,
    );
    let changes = 0;
    passwords.onChange(() => changes++);
    passwords.lookup(ref);
    await waitFor('the failure', async () => (changes > 0 ? true : undefined), {
      timeoutMs: 2000,
      intervalMs: 10,
    });
    expect(passwords.lookup(ref)).to.deep.equal({
      reason:
        'password: Secret twill-system/bgp key tor: no Kubernetes API to read Secrets from: Error: ENOENT: /etc/kubeconfig',
    });
  });

  it('namespace: the configured one, else the service account file, else twill-system', () => {
    expect(passwordSecretsNamespace('net')).to.equal('net');
    // Not in a pod here: no service account file.
    expect(passwordSecretsNamespace('')).to.equal('twill-system');
  });
});
