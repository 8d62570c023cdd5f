// The lab's own small PKI for twill-typha's mutual TLS (the openssl CLI: node:crypto cannot issue
// certificates): a CA, typha's server certificate (CN and DNS SAN twill-typha, IP SAN its management
// address) and one client certificate with CN twill-node for the nodes. Made once per lab, in
// `<lab dir>/pki`, by whichever node kind asks first.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TYPHA_SERVER_CN = 'twill-typha';
export const NODE_CLIENT_CN = 'twill-node';

export interface LabPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const made = new Map<string, Promise<LabPki>>();

export function labPki(labDir: string, typhaIp: string): Promise<LabPki> {
  const dir = path.join(labDir, 'pki');
  let p = made.get(dir);
  if (!p) {
    p = makePki(dir, typhaIp);
    made.set(dir, p);
  }
  return p;
}

async function makePki(dir: string, typhaIp: string): Promise<LabPki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n: string) => path.join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '30',
    '-subj',
    '/CN=twill-lab-ca',
  ]);
  const issue = async (name: string, cn: string, ext: string, serial: number) => {
    writeFileSync(f(`${name}.ext`), ext);
    await run('openssl', [
      'req',
      '-new',
      ...ec,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-set_serial',
      String(serial),
      '-days',
      '30',
      '-out',
      f(`${name}.crt`),
      '-extfile',
      f(`${name}.ext`),
    ]);
  };
  await issue(
    'server',
    TYPHA_SERVER_CN,
    `subjectAltName=DNS:${TYPHA_SERVER_CN},IP:${typhaIp}\nextendedKeyUsage=serverAuth\n`,
    1001,
  );
  await issue('client', NODE_CLIENT_CN, 'extendedKeyUsage=clientAuth\n', 1002);
  return {
    ca: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
  };
}
