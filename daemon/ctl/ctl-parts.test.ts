// The pure parts of the datastore commands (argument parsing: argv.test.ts): kind names, resource documents, merge
// patch, the -l translation and the datastore settings resolution (no connection made).
import { expect } from 'chai';

import { resolveCtlDatastoreConfig } from './datastore-connection.js';
import { kubectlSelector } from './label-selector-text.js';
import { applyMergePatch } from './merge-patch.js';
import { parseResourceText } from './resource-files.js';
import { resolveKind } from './resource-kinds.js';

describe('twillctl datastore command parts', () => {
  it('resolves kind names in any case, plural or short', () => {
    expect(['ippool', 'IPPools', 'ipp', 'pool'].map(resolveKind)).to.deep.equal([
      'IPPool',
      'IPPool',
      'IPPool',
      'IPPool',
    ]);
    expect(['bgppeers', 'wep', 'networkpolicies', 'blockaffinities', 'ns'].map(resolveKind)).to.deep.equal([
      'BGPPeer',
      'WorkloadEndpoint',
      'NetworkPolicy',
      'BlockAffinity',
      'Namespace',
    ]);
    expect(() => resolveKind('pods')).to.throw('unknown kind "pods": expected one of IPPool');
  });

  it('reads multi-document YAML, JSON and Lists, numbering documents and items', () => {
    const docs = parseResourceText(
      'f.yaml',
      'kind: A\n---\n# only a comment\n---\nkind: List\nitems: [{kind: B}, {kind: C}]\n',
    );
    expect(docs.map((d) => d.origin)).to.deep.equal([
      'f.yaml:doc 1',
      'f.yaml:doc 3:item 1',
      'f.yaml:doc 3:item 2',
    ]);
    expect(parseResourceText('f.json', '{"kind":"X"}')[0]?.value).to.deep.equal({ kind: 'X' });
    expect(() => parseResourceText('e.yaml', '# nothing\n')).to.throw('e.yaml: no resources in it');
  });

  it('merge patch per RFC 7386: objects merge, null deletes, arrays replace', () => {
    const target = { a: { b: 1, c: [1, 2] }, d: 'x' };
    expect(applyMergePatch(target, { a: { b: null, c: [3] }, e: true })).to.deep.equal({
      a: { c: [3] },
      d: 'x',
      e: true,
    });
    expect(target).to.deep.equal({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });

  it('-l: kubectl equality selectors become Calico expressions; Calico text passes through', () => {
    expect(kubectlSelector('app=web,tier!=db,canary,!legacy')).to.equal(
      "app == 'web' && tier != 'db' && has(canary) && !has(legacy)",
    );
    expect(kubectlSelector("app in {'a','b'}")).to.equal("app in {'a','b'}");
  });

  it('datastore settings: flags over TWILL_* over the file; endpoints alone mean etcd; kubeconfig defaults as kubectl', () => {
    const env = {
      TWILL_ETCD_ENDPOINTS: 'http://env:2379',
      TWILL_ETCD_PREFIX: '/env',
      TWILL_MTU: 'not read here',
    };
    const fromEnv = resolveCtlDatastoreConfig({}, env);
    expect(fromEnv.type).to.equal('etcd');
    expect(fromEnv.etcd).to.include({ prefix: '/env' });
    expect(fromEnv.etcd.endpoints).to.deep.equal(['http://env:2379']);
    const flagged = resolveCtlDatastoreConfig({ 'etcd-endpoints': 'http://flag:2379' }, env);
    expect(flagged.etcd.endpoints).to.deep.equal(['http://flag:2379']);
    expect(
      resolveCtlDatastoreConfig({}, { KUBECONFIG: '/k/a:/k/b', HOME: '/nonexistent' }).kubernetes.kubeconfig,
    ).to.equal('/k/a');
    expect(() => resolveCtlDatastoreConfig({ 'etcd-cert-file': '/c.pem' }, env)).to.throw(
      'datastore.etcd.keyFile (default): set certFile and keyFile together',
    );
  });
});
