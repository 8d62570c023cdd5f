import { expect } from 'chai';

import type { AnyResource } from '../../../datastore/index.js';
import { pool } from '../calc/testing/resources.js';
import { eventKey, eventNamespace, invalidResourceEvent } from './invalid-resource-event.js';

describe('invalidResourceEvent (what the Event says)', () => {
  const good = pool('pods', '10.244.0.0/16');
  const bad = {
    ...good,
    spec: { ...good.spec, cidr: '10.244.0.0/99' },
    metadata: { name: 'pods', uid: 'u-1', resourceVersion: '7' },
  } as AnyResource;

  it('references the Kubernetes object exactly (uid, resourceVersion) with the Kubernetes datastore', () => {
    const spec = invalidResourceEvent(bad, ['spec.cidr: not a prefix'], true);
    expect(spec.involvedObject).to.deep.equal({
      apiVersion: 'twill.dev/v1',
      kind: 'IPPool',
      name: 'pods',
      uid: 'u-1',
      resourceVersion: '7',
    });
    expect(spec.message).to.contain('spec.cidr: not a prefix');
    expect(eventNamespace(spec)).to.equal('default', 'cluster-scoped objects: default');
  });

  it('keeps kind and name but no uid with etcd (not a Kubernetes object)', () => {
    const spec = invalidResourceEvent(bad, ['spec.cidr: not a prefix'], false);
    expect(spec.involvedObject).to.deep.equal({ apiVersion: 'twill.dev/v1', kind: 'IPPool', name: 'pods' });
  });

  it('counts a new version with the same issue as a repeat, a different issue as a new Event', () => {
    const next = { ...bad, metadata: { ...bad.metadata, resourceVersion: '8' } } as AnyResource;
    const a = invalidResourceEvent(bad, ['spec.cidr: x'], true);
    expect(eventKey(invalidResourceEvent(next, ['spec.cidr: x'], true))).to.equal(eventKey(a));
    expect(eventKey(invalidResourceEvent(next, ['spec.blockSize: y'], true))).not.to.equal(eventKey(a));
  });

  it('caps the message at 1 kB', () => {
    const spec = invalidResourceEvent(bad, ['x'.repeat(5000)], true);
    expect(spec.message.length).to.equal(1024);
  });
});
