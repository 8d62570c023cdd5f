// twillctl config validate, run as a process: a twill-node config file (every issue with its key and
// source) and resource files (model validation and the offline cross-checks), exit code 0 or 1.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runCtl } from './testing/run-ctl.js';

describe('twillctl config validate', function () {
  this.timeout(30_000);
  let tmp: string;
  const file = (name: string, text: string): string => {
    const full = path.join(tmp, name);
    writeFileSync(full, text);
    return full;
  };
  before(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-ctl-validate-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a twill-node config: every issue with its key and where the value came from', async () => {
    const bad = file(
      'bad-node.yaml',
      'nodeName: n1\ndatastore: { type: etcd }\nbgp: { listenPort: 99999 }\n',
    );
    const run = await runCtl(['config', 'validate', '--node-config', bad], { env: { TWILL_MTU: 'lots' } });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.include(`${bad}: bgp.listenPort (file ${bad}):`);
    expect(run.stdout).to.include('dataplane.mtu (environment variable TWILL_MTU):');
    const good = file(
      'node.yaml',
      'nodeName: n1\ndatastore: { type: etcd, etcd: { endpoints: [http://10.0.0.1:2379] } }\n',
    );
    const ok = await runCtl(['config', 'validate', '--node-config', good]);
    expect(ok.stdout).to.equal('valid\n');
    expect(ok.code).to.equal(0);
  });

  it('resource files: model issues with field paths, overlapping pools, filters the files do not define', async () => {
    const resources = file(
      'resources.yaml',
      [
        'apiVersion: twill.dev/v1\nkind: IPPool\nmetadata: { name: pool-a }\nspec: { cidr: 10.65.0.0/16 }',
        'apiVersion: twill.dev/v1\nkind: IPPool\nmetadata: { name: pool-b }\nspec: { cidr: 10.65.128.0/17 }',
        'apiVersion: twill.dev/v1\nkind: BGPPeer\nmetadata: { name: rr }\nspec: { peerSelector: "role == \'rr", nodeSelector: all() }',
        'apiVersion: twill.dev/v1\nkind: BGPPeer\nmetadata: { name: tor }\nspec: { peerIP: 192.0.2.1, asNumber: 65010, importFilters: [from-tor] }',
      ].join('\n---\n'),
    );
    const run = await runCtl(['config', 'validate', '-f', resources]);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.include(
      `${resources}:doc 2: IPPool/pool-b: spec.cidr: 10.65.128.0/17 overlaps IPPool/pool-a (10.65.0.0/16, ${resources}:doc 1)`,
    );
    expect(run.stdout).to.match(new RegExp(`${resources}:doc 3: BGPPeer/rr: spec\\.peerSelector: .*column`));
    expect(run.stdout).to.include(
      `warning: ${resources}:doc 4: BGPPeer/tor: spec.importFilters[0]: BGPFilter "from-tor" is not in these files`,
    );
    expect(run.stdout).to.include('invalid: 2 problem(s)');

    const filter = file(
      'filter.yaml',
      'apiVersion: twill.dev/v1\nkind: BGPFilter\nmetadata: { name: from-tor }\nspec: { importV4: [{ action: Accept, cidr: 10.0.0.0/8, matchOperator: In }] }\n',
    );
    const tor = file(
      'tor.yaml',
      'apiVersion: twill.dev/v1\nkind: BGPPeer\nmetadata: { name: tor }\nspec: { peerIP: 192.0.2.1, asNumber: 65010, importFilters: [from-tor] }\n',
    );
    const ok = await runCtl(['config', 'validate', '-f', filter, '-f', tor]);
    expect(ok.stdout).to.equal('valid\n');
    expect(ok.code).to.equal(0);

    const broken = await runCtl([
      'config',
      'validate',
      '-f',
      file('broken.yaml', 'kind: IPPool\n  metadata: [\n'),
    ]);
    expect(broken.code).to.equal(1);
    expect(broken.stdout).to.include('broken.yaml:doc 1: not YAML or JSON');
  });
});
