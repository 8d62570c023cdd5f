import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificateAndKey {
  readonly cert: string;
  readonly key: string;
}

export interface TestPki {
  readonly ca: string;
  readonly server: CertificateAndKey;
  /** Issues a client certificate with this CN and optional URI SANs, signed by `ca` (or another CA). */
  client(
    commonName: string,
    uriSans?: readonly string[],
    signer?: 'ca' | 'other-ca',
  ): Promise<CertificateAndKey>;
  remove(): Promise<void>;
}

/**
 * A throwaway PKI made with the openssl CLI in a temp dir (node:crypto cannot issue certificates): a
 * CA, a server certificate for 127.0.0.1, client certificates on demand, and a second CA nobody trusts.
 */
export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'twill-pki-'));
  const caPaths = await selfSigned(dir, 'ca', 'twill-test-ca');
  const otherCaPaths = await selfSigned(dir, 'other-ca', 'someone-else-ca');
  let serial = 0;
  const issue = async (
    name: string,
    cn: string,
    extensions: string,
    signer: { cert: string; key: string },
  ): Promise<CertificateAndKey> => {
    const key = join(dir, `${name}.key`);
    const csr = join(dir, `${name}.csr`);
    const cert = join(dir, `${name}.crt`);
    const ext = join(dir, `${name}.ext`);
    await writeFile(ext, extensions);
    await run('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      `/CN=${cn}`,
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      signer.cert,
      '-CAkey',
      signer.key,
      '-set_serial',
      String(++serial + 1000),
      '-days',
      '2',
      '-out',
      cert,
      '-extfile',
      ext,
    ]);
    return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
  };
  const server = await issue(
    'server',
    'twill-typha',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    caPaths,
  );
  return {
    ca: await readFile(caPaths.cert, 'utf8'),
    server,
    client: (commonName, uris = [], signer = 'ca') => {
      const san = uris.length === 0 ? '' : `subjectAltName=${uris.map((u) => `URI:${u}`).join(',')}\n`;
      return issue(
        `client-${++serial}`,
        commonName,
        `${san}extendedKeyUsage=clientAuth\n`,
        signer === 'ca' ? caPaths : otherCaPaths,
      );
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function selfSigned(dir: string, name: string, cn: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-subj',
    `/CN=${cn}`,
    '-days',
    '2',
  ]);
  return { cert, key };
}
