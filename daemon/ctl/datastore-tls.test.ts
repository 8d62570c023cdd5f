// twillctl's etcd TLS flags against a real etcd that requires client certificates: a throwaway CA,
// server and client certificates made with openssl, etcd started with --client-cert-auth.
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { waitFor } from '../../lab/wait.js';
import { runCtl } from './testing/run-ctl.js';

describe('twillctl on etcd with mutual TLS', function () {
  this.timeout(60_000);
  let tmp: string;
  let etcd: ChildProcess | undefined;
  let endpoint: string;
  const pki = (name: string): string => path.join(tmp, name);

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-tls-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: tmp, stdio: 'ignore' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=twill-test-ca',
    );
    for (const name of ['server', 'client']) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      writeFileSync(
        pki(`${name}.ext`),
        'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n',
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '1',
        '-extfile',
        `${name}.ext`,
      );
    }
    const [client, peer] = [await freePort(), await freePort()];
    endpoint = `https://127.0.0.1:${client}`;
    etcd = spawn(
      'etcd',
      [
        '--data-dir',
        pki('data'),
        '--listen-client-urls',
        endpoint,
        '--advertise-client-urls',
        endpoint,
        '--listen-peer-urls',
        `http://127.0.0.1:${peer}`,
        '--initial-advertise-peer-urls',
        `http://127.0.0.1:${peer}`,
        '--initial-cluster',
        `default=http://127.0.0.1:${peer}`,
        '--cert-file',
        pki('server.pem'),
        '--key-file',
        pki('server.key'),
        '--trusted-ca-file',
        pki('ca.pem'),
        '--client-cert-auth',
        '--logger=zap',
        '--log-outputs',
        pki('etcd.log'),
      ],
      { stdio: 'ignore' },
    );
    await waitFor('etcd healthy over TLS', () => health(endpoint, tmp), {
      intervalMs: 200,
      timeoutMs: 20_000,
    });
  });
  after(async () => {
    if (etcd !== undefined && etcd.exitCode === null) {
      const exited = new Promise((resolve) => etcd?.once('exit', resolve));
      etcd.kill('SIGTERM');
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('connects with --etcd-ca-file, --etcd-cert-file and --etcd-key-file; without a client certificate it names the endpoint', async () => {
    const tls = ['--etcd-endpoints', endpoint, '--etcd-ca-file', pki('ca.pem')];
    const pool =
      'apiVersion: twill.dev/v1\nkind: IPPool\nmetadata: { name: pool-tls }\nspec: { cidr: 10.90.0.0/16 }\n';
    const applied = await runCtl(
      [
        ...tls,
        '--etcd-cert-file',
        pki('client.pem'),
        '--etcd-key-file',
        pki('client.key'),
        'apply',
        '-f',
        '-',
      ],
      { stdin: pool },
    );
    expect(applied.stdout).to.equal('IPPool/pool-tls created\n');
    expect(applied.code).to.equal(0);
    // The same files through the variables twill-node reads.
    const viaEnv = await runCtl(['get', 'ippool', '-o', 'json'], {
      env: {
        TWILL_ETCD_ENDPOINTS: endpoint,
        TWILL_ETCD_CA_FILE: pki('ca.pem'),
        TWILL_ETCD_CERT_FILE: pki('client.pem'),
        TWILL_ETCD_KEY_FILE: pki('client.key'),
      },
    });
    expect(viaEnv.stdout).to.include('"pool-tls"');
    const refused = await runCtl([...tls, 'get', 'ippool']);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include(`datastore etcd ${endpoint} failed or is unreachable`);
    const missing = await runCtl([...tls.slice(0, 2), '--etcd-ca-file', pki('nope.pem'), 'get', 'ippool']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('--etcd-ca-file').and.include('nope.pem');
  });
});

function health(endpoint: string, dir: string): Promise<true | undefined> {
  return new Promise((resolve) => {
    const request = https.get(
      `${endpoint}/health`,
      {
        ca: readFileSync(path.join(dir, 'ca.pem')),
        cert: readFileSync(path.join(dir, 'client.pem')),
        key: readFileSync(path.join(dir, 'client.key')),
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body.includes('"health":"true"') ? true : undefined));
      },
    );
    request.on('error', () => resolve(undefined));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
