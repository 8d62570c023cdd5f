// twill-node's BGPPeer password and BGPFilters against a real FRR top-of-rack switch (testdata/peer-options):
// the TCP MD5 key (RFC 2385) comes from a Secret of the stand-in Kubernetes API server (reached from the
// node's namespace through a unix-socket relay), and an export BGPFilter withdraws one block from FRR
// without resetting the session.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { expect } from 'chai';

import type { PeerStatusWithCounts } from '../../bgp/speaker/index.js';
import { StandInApiServer } from '../../datastore/kubernetes/stand-in/api-server.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { startEtcdRelay, type EtcdRelay } from '../cni/testing/etcd-relay.js';
import { openNetnsPort, type NetnsPort } from '../cni/testing/netns-port.js';
import { bgpFilter, bgpPeer, block, node, pool } from './calc/testing/resources.js';
import { NodeLab } from './testing/node-lab.js';

const TOR = '10.0.1.1';
const N1 = '10.0.1.11';
const BLOCKS = ['10.244.1.0/26', '10.244.1.64/26'] as const;
const SECRET = { namespace: 'twill-system', name: 'bgp-passwords', key: 'tor' };
const FRR_KEY = 'lab-md5-key'; // testdata/peer-options/tor/frr.conf
const POLL = { intervalMs: 500 };

interface FrrNeighbor {
  bgpState?: string;
  connectionsDropped?: number;
}

describe('twill-node peer options (lab: FRR ToR with TCP MD5, Secrets from the stand-in API, BGPFilter)', function () {
  this.timeout(240_000);
  let lab: NodeLab | undefined;
  let standIn: StandInApiServer | undefined;
  let relay: EtcdRelay | undefined;
  let port: NetnsPort | undefined;
  const L = (): NodeLab => lab as NodeLab;
  const S = (): StandInApiServer => standIn as StandInApiServer;

  const twillctlPeers = async (json: boolean): Promise<string> => {
    const args = [repoPath('dist/daemon/ctl/main.js'), '--socket', L().socket('n1'), 'bgp', 'peers'];
    const { stdout } = await promisify(execFile)('node', json ? [...args, '-o', 'json'] : args);
    return stdout;
  };
  const torPeer = async (): Promise<PeerStatusWithCounts | undefined> =>
    ((await L().request('n1', 'bgp.peers')) as PeerStatusWithCounts[]).find((p) => p.peer === TOR);
  const frrNeighbor = async (): Promise<FrrNeighbor | undefined> =>
    (
      await vtyshJson<Record<string, FrrNeighbor>>(
        L().lab.nodeContext('tor'),
        `show bgp neighbors ${N1} json`,
      )
    )[N1];
  const frrPodPrefixes = async (): Promise<string[]> => {
    const rib = await vtyshJson<{ routes?: Record<string, unknown> }>(
      L().lab.nodeContext('tor'),
      'show bgp ipv4 unicast json',
    );
    return Object.keys(rib.routes ?? {})
      .filter((p) => p.startsWith('10.244.'))
      .sort();
  };
  const putSecret = (value: string): void =>
    S().secrets.put({
      metadata: { namespace: SECRET.namespace, name: SECRET.name },
      stringData: { [SECRET.key]: value },
    });

  before(async function () {
    lab = await NodeLab.up({
      topology: path.join(repoPath('daemon/node/testdata/peer-options'), 'peer-options.clab.yml'),
      tag: 'peeropt',
      etcd: { node: 'db', address: '10.0.1.100' },
    });
    standIn = await StandInApiServer.start();
    relay = await startEtcdRelay(S().address, path.join(L().tmp, 'k8s.sock'));
    port = await openNetnsPort(L().lab.ns('n1'), new URL(relay.endpoint).pathname);
    const kubeconfig = path.join(L().tmp, 'secrets.kubeconfig');
    writeFileSync(kubeconfig, S().kubeconfig().replace(S().address, port.url));
    await L().apply([
      pool('pods', '10.244.0.0/16'),
      block(BLOCKS[0], 'n1'),
      block(BLOCKS[1], 'n1'),
      node('n1', { bgp: { ipv4Address: `${N1}/24` } }),
      bgpPeer('tor', {
        peerIP: TOR,
        asNumber: 65000,
        password: { secretKeyRef: { name: SECRET.name, key: SECRET.key } },
      }),
    ]);
    L().writeConfig(
      'n1',
      [
        'autodetection: { ipv4: interface=eth1 }',
        `bgp: { passwordSecrets: { namespace: ${SECRET.namespace} } }\nkubernetesApi: { kubeconfig: ${kubeconfig} }`,
      ].join('\n'),
    );
    L().start('n1');
  });

  after(async function () {
    const keep = process.env['TWILL_KEEP_LOGS'];
    if (keep !== undefined && lab !== undefined)
      writeFileSync(path.join(keep, 'peeropt-n1.log'), L().log('n1'));
    await port?.close();
    await relay?.close();
    await standIn?.stop();
    await lab?.down();
  });

  it('no Secret: the ToR peer stays down and twillctl bgp peers names the Secret and key', async () => {
    const reason = `password: Secret ${SECRET.namespace}/${SECRET.name} not found`;
    await waitFor(
      'the reason in twillctl bgp peers',
      async () => ((await twillctlPeers(false)).includes(reason) ? true : undefined),
      { timeoutMs: 60_000, ...POLL },
    );
    const json = JSON.parse(await twillctlPeers(true)) as PeerStatusWithCounts[];
    expect(json.find((p) => p.peer === TOR)).to.include({ state: 'Idle', admin: `disabled: ${reason}` });
    expect((await frrNeighbor())?.bgpState).not.to.equal('Established');
  });

  it('a wrong key: no session (FRR drops the unsigned-for-it SYNs), and the status says MD5', async () => {
    putSecret('not-the-key');
    const peer = await waitFor(
      'an MD5 hint on the ToR peer',
      async () => {
        const p = await torPeer();
        return p?.admin === 'enabled' && p.lastError?.includes('MD5') === true ? p : undefined;
      },
      { timeoutMs: 60_000, ...POLL },
    );
    expect(peer.state).not.to.equal('Established');
    expect(peer.transport.tcpMd5).to.equal(true);
    expect((await twillctlPeers(false)).split('\n').find((l) => l.includes(TOR))).to.match(/md5/);
    expect((await frrNeighbor())?.bgpState).not.to.equal('Established');
  });

  it('the right key in the Secret: the session comes up, signed, and FRR learns both blocks', async () => {
    putSecret(FRR_KEY);
    await waitFor(
      'the MD5 session Established on both sides',
      async () =>
        (await torPeer())?.state === 'Established' && (await frrNeighbor())?.bgpState === 'Established'
          ? true
          : undefined,
      { timeoutMs: 90_000, ...POLL },
    );
    const prefixes = await waitFor(
      'FRR to learn both blocks',
      async () => {
        const p = await frrPodPrefixes();
        return p.length === 2 ? p : undefined;
      },
      { timeoutMs: 30_000, ...POLL },
    );
    expect(prefixes).to.deep.equal([...BLOCKS]);
  });

  it('an export BGPFilter rejecting one block: FRR loses exactly that prefix, the session stays up', async () => {
    const before = await frrNeighbor();
    expect(before?.bgpState).to.equal('Established');
    // The filter first (no peer names it yet: nothing changes), then the peer that names it.
    await L().apply([
      bgpFilter('no-second-block', {
        exportV4: [{ action: 'Reject', cidr: BLOCKS[1], matchOperator: 'Equal' }],
      }),
    ]);
    await L().apply([
      bgpPeer('tor', {
        peerIP: TOR,
        asNumber: 65000,
        password: { secretKeyRef: { name: SECRET.name, key: SECRET.key } },
        exportFilters: ['no-second-block'],
      }),
    ]);
    const prefixes = await waitFor(
      'FRR to withdraw the filtered block',
      async () => {
        const p = await frrPodPrefixes();
        return p.length === 1 ? p : undefined;
      },
      { timeoutMs: 60_000, ...POLL },
    );
    expect(prefixes).to.deep.equal([BLOCKS[0]]);
    const after = await frrNeighbor();
    expect(after?.bgpState).to.equal('Established');
    expect(after?.connectionsDropped).to.equal(before?.connectionsDropped);
    expect((await torPeer())?.exportPolicy).to.match(/^2 rules/);
  });
});
