import { expect } from 'chai';

import { parseTyphaConfig, TyphaConfigError } from './config.js';

const base = [
  '--etcd-endpoints',
  'http://127.0.0.1:2379',
  '--tls-cert',
  'c',
  '--tls-key',
  'k',
  '--tls-ca',
  'a',
  '--allowed-cn',
  'twill-node',
];

function failure(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseTyphaConfig(argv, env);
  } catch (error) {
    if (error instanceof TyphaConfigError) return `${error.code}: ${error.message.split('\n')[0]}`;
    throw error;
  }
  return 'no error';
}

describe('twill-typha config', () => {
  it('fills defaults and lets flags win over the environment', () => {
    const config = parseTyphaConfig([...base, '--listen', '127.0.0.1:6000'], {
      TWILL_TYPHA_LISTEN: '0.0.0.0:1',
      TWILL_TYPHA_MAX_CLIENTS: '300',
      TWILL_TYPHA_ALLOWED_URI_SAN: 'spiffe://a, spiffe://b',
    });
    expect(config.listen).to.deep.equal({ host: '127.0.0.1', port: 6000 });
    expect(config.http).to.deep.equal({ host: '0.0.0.0', port: 9093 });
    expect(config.maxClients).to.equal(300);
    expect(config.allowedUriSans).to.deep.equal(['spiffe://a', 'spiffe://b']);
    expect(config.datastore).to.equal('etcd');
    expect(parseTyphaConfig([...base, '--http', 'off'], {}).http).to.equal(undefined);
  });

  it('names what is missing or wrong', () => {
    expect(failure(base.slice(2))).to.equal(
      'MISSING_FLAG: --etcd-endpoints (or TWILL_ETCD_ENDPOINTS) is required',
    );
    expect(failure(base.slice(0, -2))).to.equal(
      'MISSING_FLAG: --allowed-cn or --allowed-uri-san is required',
    );
    expect(failure([...base, '--max-clients', '0'])).to.equal(
      'INVALID_FLAG: --max-clients: invalid value "0"',
    );
    expect(failure([...base, '--listen', 'nowhere'])).to.equal(
      'INVALID_FLAG: --listen: invalid value "nowhere"',
    );
    expect(failure([...base, '--datastore', 'zookeeper'])).to.equal(
      'INVALID_FLAG: --datastore: invalid value "zookeeper"',
    );
    expect(failure([...base, '--bogus', 'x'])).to.match(/^INVALID_FLAG: Unknown option '--bogus'/);
  });
});
