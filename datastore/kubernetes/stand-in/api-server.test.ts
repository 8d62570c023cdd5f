import { expect } from 'chai';

import { ipPool } from '../../testing/fixtures.js';
import { fetchAs, startStandInBackend, type StandInHarness } from '../testing/stand-in-harness.js';

/** The stand-in's answers on the wire, independent of the backend's handling of them. */
describe('stand-in API server', () => {
  let harness: StandInHarness;
  beforeEach(async () => {
    harness = await startStandInBackend();
  });
  afterEach(async () => harness.close());

  const pools = '/apis/twill.dev/v1/ippools';

  it('listens on 127.0.0.1 and refuses requests without its token', async () => {
    expect(harness.standIn.address).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${harness.standIn.address}${pools}`);
    expect(response.status).to.equal(401);
  });

  it('refuses what it does not implement instead of ignoring it', async () => {
    expect((await fetchAs(harness, 'GET', `${pools}?labelSelector=a%3Db`)).status).to.equal(400);
    expect(
      (await fetchAs(harness, 'GET', `${pools}?watch=true`)).status,
      'watch without resourceVersion',
    ).to.equal(400);
    expect((await fetchAs(harness, 'GET', '/api/v1/pods')).status).to.equal(404);
  });

  it('answers 409 AlreadyExists and 409 Conflict, and does not bump the resourceVersion of a no-op', async () => {
    const created = (await (await fetchAs(harness, 'POST', pools, ipPool('p', '10.1.0.0/16'))).json()) as {
      metadata: { resourceVersion: string };
    };
    const again = await fetchAs(harness, 'POST', pools, ipPool('p', '10.1.0.0/16'));
    expect([again.status, ((await again.json()) as { reason: string }).reason]).to.deep.equal([
      409,
      'AlreadyExists',
    ]);
    const same = await fetchAs(harness, 'PUT', `${pools}/p`, created);
    expect(((await same.json()) as typeof created).metadata.resourceVersion).to.equal(
      created.metadata.resourceVersion,
    );
    const changed = { ...created, spec: { cidr: '10.1.0.0/16', natOutgoing: true } };
    expect((await fetchAs(harness, 'PUT', `${pools}/p`, changed)).status).to.equal(200);
    const stale = await fetchAs(harness, 'PUT', `${pools}/p`, changed);
    expect([stale.status, ((await stale.json()) as { reason: string }).reason]).to.deep.equal([
      409,
      'Conflict',
    ]);
    const staleDelete = await fetchAs(harness, 'DELETE', `${pools}/p`, {
      preconditions: { resourceVersion: created.metadata.resourceVersion },
    });
    expect(staleDelete.status).to.equal(409);
  });

  it('expires list continuations at compaction with 410', async () => {
    for (const name of ['a', 'b', 'c'])
      await fetchAs(harness, 'POST', pools, ipPool(name, `10.${name.charCodeAt(0)}.0.0/16`));
    const first = (await (await fetchAs(harness, 'GET', `${pools}?limit=1`)).json()) as {
      metadata: { continue: string };
    };
    await fetchAs(harness, 'POST', pools, ipPool('d', '10.9.0.0/16'));
    harness.standIn.compact();
    const next = await fetchAs(harness, 'GET', `${pools}?limit=1&continue=${first.metadata.continue}`);
    expect(next.status).to.equal(410);
  });

  it('serves Pods read-only: GET of one Pod with its labels, 404 for a missing one, 405 for anything else', async () => {
    harness.standIn.pods.put({
      metadata: { namespace: 'demo', name: 'web-1', labels: { app: 'web' } },
      spec: { nodeName: 'node-1' },
    });
    const pod = await fetchAs(harness, 'GET', '/api/v1/namespaces/demo/pods/web-1');
    const body = (await pod.json()) as {
      kind: string;
      metadata: { labels: Record<string, string>; uid: string };
    };
    expect([pod.status, body.kind, body.metadata.labels]).to.deep.equal([200, 'Pod', { app: 'web' }]);
    expect(body.metadata.uid).to.be.a('string').and.not.equal('');
    const missing = await fetchAs(harness, 'GET', '/api/v1/namespaces/other/pods/web-1');
    expect([missing.status, ((await missing.json()) as { reason: string }).reason]).to.deep.equal([
      404,
      'NotFound',
    ]);
    expect((await fetchAs(harness, 'GET', '/api/v1/namespaces/demo/pods')).status, 'list').to.equal(405);
    expect((await fetchAs(harness, 'DELETE', '/api/v1/namespaces/demo/pods/web-1')).status).to.equal(405);
    expect(
      (await fetchAs(harness, 'POST', '/api/v1/namespaces/demo/pods', { metadata: {} })).status,
    ).to.equal(405);
    harness.standIn.pods.delete('demo', 'web-1');
    expect((await fetchAs(harness, 'GET', '/api/v1/namespaces/demo/pods/web-1')).status).to.equal(404);
  });

  it('serves Secrets read-only: GET of one (data base64), a namespace list with its resourceVersion, 404, 405', async () => {
    harness.standIn.secrets.put({ metadata: { namespace: 'sys', name: 'bgp' }, stringData: { tor: 'k1' } });
    harness.standIn.secrets.put({ metadata: { namespace: 'other', name: 'x' }, stringData: { a: 'b' } });
    const one = await fetchAs(harness, 'GET', '/api/v1/namespaces/sys/secrets/bgp');
    const body = (await one.json()) as { kind: string; data: Record<string, string> };
    expect([one.status, body.kind, body.data]).to.deep.equal([
      200,
      'Secret',
      { tor: Buffer.from('k1').toString('base64') },
    ]);
    const list = (await (await fetchAs(harness, 'GET', '/api/v1/namespaces/sys/secrets')).json()) as {
      metadata: { resourceVersion: string };
      items: { metadata: { name: string } }[];
    };
    expect(list.items.map((i) => i.metadata.name)).to.deep.equal(['bgp']);
    expect(list.metadata.resourceVersion).to.match(/^\d+$/);
    expect((await fetchAs(harness, 'GET', '/api/v1/namespaces/sys/secrets/nope')).status).to.equal(404);
    expect((await fetchAs(harness, 'DELETE', '/api/v1/namespaces/sys/secrets/bgp')).status).to.equal(405);
    expect(
      (await fetchAs(harness, 'GET', '/api/v1/namespaces/sys/secrets?watch=true')).status,
      'watch without resourceVersion',
    ).to.equal(400);
  });
});
