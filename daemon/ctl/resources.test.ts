// twillctl get/create/apply/replace/delete/patch against a real etcd, run as a process: what an
// operator types, the exit code, stdout and stderr. Each case has its own key prefix.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { EtcdBackend } from '../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../datastore/testing/etcd-server.js';
import { runCtl, type CtlRun } from './testing/run-ctl.js';

const POOLS = `apiVersion: twill.dev/v1
kind: IPPool
metadata: { name: pool-a, labels: { tier: front } }
spec: { cidr: 10.65.0.0/16, blockSize: 26, encapsulation: { type: VXLAN, mode: CrossSubnet } }
---
apiVersion: twill.dev/v1
kind: BGPPeer
metadata: { name: tor-1 }
spec: { peerIP: 192.0.2.1, asNumber: 65010 }
`;

const LIST_JSON = JSON.stringify({
  kind: 'List',
  items: [
    {
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      metadata: { name: 'pool-b' },
      spec: { cidr: '10.66.0.0/16' },
    },
    {
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      metadata: { name: 'pool-c', labels: { tier: 'back' } },
      spec: { cidr: '10.67.0.0/16' },
    },
  ],
});

describe('twillctl resources on etcd', function () {
  this.timeout(60_000);
  let etcd: EtcdServer;
  let tmp: string;
  let prefixCount = 0;
  let prefix: string;

  const ctl = (args: string[], stdin?: string): Promise<CtlRun> =>
    runCtl(
      ['--etcd-endpoints', etcd.endpoint, '--etcd-prefix', prefix, ...args],
      stdin === undefined ? {} : { stdin },
    );
  const file = (name: string, text: string): string => {
    const full = path.join(tmp, name);
    writeFileSync(full, text);
    return full;
  };
  const ok = (run: CtlRun): string => {
    expect(run.stderr, `stderr of a command expected to succeed`).to.not.match(/twillctl:/);
    expect(run.code).to.equal(0);
    return run.stdout;
  };
  const names = async (kind: string, ...extra: string[]): Promise<string[]> => {
    const list = JSON.parse(ok(await ctl(['get', kind, '-o', 'json', ...extra]))) as {
      items: { metadata: { name: string; namespace?: string } }[];
    };
    return list.items.map(
      (i) => (i.metadata.namespace === undefined ? '' : `${i.metadata.namespace}/`) + i.metadata.name,
    );
  };

  before(async () => {
    etcd = await startEtcd();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-res-'));
  });
  after(async () => {
    await etcd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    prefix = `/ctl-${++prefixCount}`;
  });

  it('apply reads multi-document YAML and a JSON List; get prints per-kind columns, wide, JSON and YAML', async () => {
    expect(
      ok(await ctl(['apply', '-f', file('pools.yaml', POOLS), '-f', file('list.json', LIST_JSON)])),
    ).to.equal(
      'IPPool/pool-a created\nBGPPeer/tor-1 created\nIPPool/pool-b created\nIPPool/pool-c created\n',
    );
    const table = ok(await ctl(['get', 'ippools'])).split('\n');
    expect(table[0]).to.match(/^NAME\s+CIDR\s+BLOCK SIZE\s+ENCAPSULATION\s+SELECTOR\s+AGE$/);
    expect(table[1]).to.match(/^pool-a\s+10\.65\.0\.0\/16\s+26\s+VXLAN\/CrossSubnet\s+all\(\)\s+\d+s$/);
    expect(table.slice(1, 4).map((l) => l.split(/\s+/)[0])).to.deep.equal(['pool-a', 'pool-b', 'pool-c']);
    const wide = ok(await ctl(['get', 'IPPool', 'pool-a', '-o', 'wide'])).split('\n');
    expect(wide[0]).to.match(/NAT OUTGOING\s+DISABLED\s+ALLOWED USES\s+LABELS\s+AGE$/);
    expect(wide[1]).to.match(/false\s+false\s+Workload,Tunnel\s+tier=front\s+\d+s$/);
    const peers = ok(await ctl(['get', 'bgpp'])).split('\n');
    expect(peers[0]).to.match(/^NAME\s+PEER IP\s+PEER SELECTOR\s+NODE SELECTOR\s+AS\s+AGE$/);
    expect(peers[1]).to.match(/^tor-1\s+192\.0\.2\.1\s+-\s+-\s+65010\s/);
    // One NAME prints the object itself; its YAML applies back unchanged.
    const yaml = ok(await ctl(['get', 'bgppeer', 'tor-1', '-o', 'yaml']));
    expect(yaml).to.match(/^apiVersion: twill\.dev\/v1\nkind: BGPPeer\n/);
    expect(ok(await ctl(['apply', '-f', '-'], yaml))).to.equal('BGPPeer/tor-1 unchanged\n');
  });

  it('accepts kind names in any case, plural and short; an unknown kind lists the kinds (exit 2)', async () => {
    ok(await ctl(['apply', '-f', file('pools.yaml', POOLS)]));
    // Independent reads: side by side, to keep the suite short.
    const lists = await Promise.all(['IPPOOL', 'ippools', 'ipp', 'IPPool'].map((kind) => names(kind)));
    expect(lists).to.deep.equal([['pool-a'], ['pool-a'], ['pool-a'], ['pool-a']]);
    const unknown = await ctl(['get', 'ippoool']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr)
      .to.include('unknown kind "ippoool"')
      .and.include('IPPool, BGPConfiguration, BGPPeer');
  });

  it('a batch with one invalid document writes nothing and names file, document, kind/name and field path', async () => {
    const bad = file(
      'bad.yaml',
      `${POOLS}---\napiVersion: twill.dev/v1\nkind: IPPool\nmetadata: { name: pool-z }\nspec: { cidr: 10.70.0.0/33, natOutgoin: true }\n`,
    );
    const run = await ctl(['apply', '-f', bad]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include('nothing was written');
    expect(run.stderr).to.include(`${bad}:doc 3: IPPool/pool-z: spec.cidr: "10.70.0.0/33"`);
    expect(run.stderr).to.include(`${bad}:doc 3: IPPool/pool-z: spec.natOutgoin: unknown field`);
    expect(await names('ippool')).to.deep.equal([]);
    expect(await names('bgppeer')).to.deep.equal([]);
  });

  it('create refuses an existing object, replace a missing one; replace is compare-and-swap on resourceVersion', async () => {
    const pools = file('pools.yaml', POOLS);
    ok(await ctl(['create', '-f', pools]));
    const again = await ctl(['create', '-f', pools]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.include('IPPool/pool-a already exists (use apply or replace');
    const missing = await ctl(['replace', '-f', file('list.json', LIST_JSON)]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('IPPool/pool-b not found (use create or apply');
    expect(await names('ippool')).to.deep.equal(['pool-a']);

    const read = ok(await ctl(['get', 'ippool', 'pool-a', '-o', 'yaml']));
    ok(await ctl(['patch', 'ippool', 'pool-a', '-p', '{"spec":{"disabled":true}}']));
    // The copy read before the patch is stale: its replace must not overwrite the patch.
    const stale = await ctl(['replace', '-f', '-'], read.replace('natOutgoing: false', 'natOutgoing: true'));
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.match(
      /IPPool\/pool-a changed since resourceVersion \d+ in the file \(stored: \d+\)/,
    );
    const fresh = ok(await ctl(['get', 'ippool', 'pool-a', '-o', 'yaml']));
    expect(fresh).to.include('disabled: true').and.include('natOutgoing: false');
    expect(
      ok(await ctl(['replace', '-f', '-'], fresh.replace('natOutgoing: false', 'natOutgoing: true'))),
    ).to.equal('IPPool/pool-a replaced\n');
    expect(ok(await ctl(['get', 'ippool', 'pool-a', '-o', 'yaml']))).to.include('natOutgoing: true');
  });

  it('patch merges (RFC 7386), refuses an immutable field, and names what is not found', async () => {
    ok(await ctl(['apply', '-f', file('pools.yaml', POOLS)]));
    expect(
      ok(
        await ctl([
          'patch',
          'ipp',
          'pool-a',
          '-p',
          '{"metadata":{"labels":{"tier":null,"zone":"b"}},"spec":{"natOutgoing":true}}',
        ]),
      ),
    ).to.equal('IPPool/pool-a patched\n');
    const pool = JSON.parse(ok(await ctl(['get', 'ippool', 'pool-a', '-o', 'json']))) as {
      metadata: { labels: Record<string, string> };
      spec: { natOutgoing: boolean; cidr: string };
    };
    expect(pool.metadata.labels).to.deep.equal({ zone: 'b' });
    expect(pool.spec).to.include({ natOutgoing: true, cidr: '10.65.0.0/16' });
    const immutable = await ctl(['patch', 'ippool', 'pool-a', '-p', '{"spec":{"cidr":"10.99.0.0/16"}}']);
    expect(immutable.code).to.equal(1);
    expect(immutable.stderr).to.include('IPPool/pool-a: spec.cidr: is immutable');
    const absent = await ctl(['patch', 'wep', 'web-1', '-n', 'shop', '-p', '{}']);
    expect(absent.code).to.equal(1);
    expect(absent.stderr).to.include('WorkloadEndpoint "web-1" not found in namespace "shop"');
  });

  it('delete by name or by file; one missing name deletes nothing', async () => {
    const pools = file('pools.yaml', POOLS);
    ok(await ctl(['apply', '-f', pools, '-f', file('list.json', LIST_JSON)]));
    const partial = await ctl(['delete', 'ippool', 'pool-b', 'pool-typo']);
    expect(partial.code).to.equal(1);
    expect(partial.stderr).to.include('nothing was deleted').and.include('IPPool "pool-typo" not found');
    expect(await names('ippool')).to.deep.equal(['pool-a', 'pool-b', 'pool-c']);
    expect(ok(await ctl(['delete', 'pools', 'pool-b']))).to.equal('IPPool/pool-b deleted\n');
    expect(ok(await ctl(['delete', '-f', pools]))).to.equal('IPPool/pool-a deleted\nBGPPeer/tor-1 deleted\n');
    expect(await names('ippool')).to.deep.equal(['pool-c']);
    expect(await names('bgppeer')).to.deep.equal([]);
  });

  it('namespaced kinds: -n, the default namespace, -A with a NAMESPACE column; -l in both selector languages', async () => {
    const wep = (ns: string | undefined, name: string, ip: string, app: string) =>
      `apiVersion: twill.dev/v1\nkind: WorkloadEndpoint\nmetadata: { name: ${name}, ${ns === undefined ? '' : `namespace: ${ns}, `}labels: { app: ${app} } }\nspec: { node: node-1, interfaceName: twl${name}, ipNetworks: [${ip}/32] }\n`;
    ok(
      await ctl(
        ['apply', '-f', '-'],
        [wep('shop', 'web', '10.65.0.1', 'web'), wep(undefined, 'db', '10.65.0.2', 'db')].join('---\n'),
      ),
    );
    ok(await ctl(['apply', '-n', 'shop', '-f', '-'], wep(undefined, 'cache', '10.65.0.3', 'cache')));
    expect(await names('wep', '-n', 'shop')).to.deep.equal(['shop/cache', 'shop/web']);
    expect(await names('weps')).to.deep.equal(['default/db']);
    const all = ok(await ctl(['get', 'workloadendpoints', '-A'])).split('\n');
    expect(all[0]).to.match(/^NAMESPACE\s+NAME\s+NODE\s+POD\s+IP NETWORKS\s+INTERFACE\s+AGE$/);
    expect(all.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 2).join('/'))).to.deep.equal([
      'default/db',
      'shop/cache',
      'shop/web',
    ]);
    const selected = await Promise.all(
      ['app=web', "app in {'web','db'}", 'app!=web'].map((selector) => names('wep', '-A', '-l', selector)),
    );
    expect(selected).to.deep.equal([['shop/web'], ['default/db', 'shop/web'], ['default/db', 'shop/cache']]);
    const mismatch = await ctl(['apply', '-n', 'other', '-f', '-'], wep('shop', 'web', '10.65.0.1', 'web'));
    expect(mismatch.code).to.equal(1);
    expect(mismatch.stderr).to.include(
      'WorkloadEndpoint/web: metadata.namespace: shop differs from -n other',
    );
    const empty = await ctl(['get', 'wep', '-n', 'nowhere']);
    expect(empty.code).to.equal(0);
    expect(empty.stderr).to.equal('No WorkloadEndpoint resources found in namespace nowhere.\n');
  });

  it('apply keeps the status the daemons wrote when the file has none', async () => {
    const backend = new EtcdBackend({ endpoints: [etcd.endpoint], keyPrefix: prefix });
    try {
      await backend.create({
        apiVersion: 'twill.dev/v1',
        kind: 'Node',
        metadata: { name: 'n1' },
        spec: {},
        status: { podCIDRs: ['10.65.0.0/26'] },
      });
    } finally {
      await backend.close();
    }
    const applied = await ctl(
      ['apply', '-f', '-'],
      'apiVersion: twill.dev/v1\nkind: Node\nmetadata: { name: n1, labels: { rack: r1 } }\nspec: {}\n',
    );
    expect(ok(applied)).to.equal('Node/n1 configured\n');
    const stored = JSON.parse(ok(await ctl(['get', 'node', 'n1', '-o', 'json']))) as {
      metadata: { labels: Record<string, string> };
      status: unknown;
    };
    expect(stored.metadata.labels).to.deep.equal({ rack: 'r1' });
    expect(stored.status).to.deep.equal({ podCIDRs: ['10.65.0.0/26'] });
  });

  it('the datastore comes from flags, TWILL_* variables or a twill-node config file; an unreachable one is named', async () => {
    const backend = new EtcdBackend({ endpoints: [etcd.endpoint], keyPrefix: prefix });
    try {
      await backend.create({
        apiVersion: 'twill.dev/v1',
        kind: 'IPPool',
        metadata: { name: 'seeded' },
        spec: { cidr: '10.80.0.0/16' },
      } as never);
    } finally {
      await backend.close();
    }
    const viaEnv = await runCtl(['get', 'ippool', '-o', 'json'], {
      env: { TWILL_DATASTORE_TYPE: 'etcd', TWILL_ETCD_ENDPOINTS: etcd.endpoint, TWILL_ETCD_PREFIX: prefix },
    });
    expect(ok(viaEnv)).to.include('"seeded"');
    const config = file(
      'node.yaml',
      `nodeName: n1\ndatastore:\n  type: etcd\n  etcd:\n    endpoints: [${etcd.endpoint}]\n    prefix: ${prefix}\n`,
    );
    expect(ok(await runCtl(['--config', config, 'get', 'ippool', '-o', 'json']))).to.include('"seeded"');
    // A flag wins over the variable.
    const flagWins = await runCtl(
      ['get', 'ippool', '-o', 'json', '--etcd-endpoints', etcd.endpoint, '--etcd-prefix', prefix],
      {
        env: { TWILL_ETCD_ENDPOINTS: 'http://127.0.0.1:1' },
      },
    );
    expect(ok(flagWins)).to.include('"seeded"');
    const down = await runCtl(['get', 'ippool', '--etcd-endpoints', 'http://127.0.0.1:1']);
    expect(down.code).to.equal(1);
    expect(down.stderr).to.include('datastore etcd http://127.0.0.1:1 failed or is unreachable');
    const bad = await runCtl(['get', 'ippool', '--datastore', 'mongo']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/datastore\.type \(flag --datastore\): .*mongo/);
  });
});
