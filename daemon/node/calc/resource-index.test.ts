import { expect } from 'chai';

import { canonicalJson, ChangeGate } from './change-gate.js';
import { ResourceIndex } from './resource-index.js';
import { deleted, node, set } from './testing/resources.js';

describe('ResourceIndex and ChangeGate', () => {
  it('counts a new revision of the same object as no change, and a real edit as one', () => {
    const index = new ResourceIndex();
    const n1 = node('n1', { bgp: { ipv4Address: '10.0.0.1/24' } });
    expect(index.apply(set(n1))).to.equal(true);
    expect(index.apply(set({ ...n1, metadata: { ...n1.metadata, resourceVersion: '42' } }))).to.equal(false);
    expect(index.apply(set(node('n1', { bgp: { ipv4Address: '10.0.0.9/24' } })))).to.equal(true);
    expect(index.get('Node', 'n1')?.spec.bgp?.ipv4Address).to.equal('10.0.0.9/24');
    expect(index.apply(deleted(n1))).to.equal(true);
    expect(index.apply(deleted(n1))).to.equal(false);
    expect(index.list('Node')).to.deep.equal([]);
  });

  it('compares values whatever the order their keys were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 3 } })).to.equal(
      canonicalJson({ a: { c: 3, d: [2, { x: 0, y: 1 }] }, b: 1 }),
    );
    const gate = new ChangeGate<object>();
    const seen: object[] = [];
    gate.offer({ a: 1, b: 2 }, (value) => seen.push(value));
    gate.offer({ b: 2, a: 1 }, (value) => seen.push(value));
    gate.offer({ a: 1, b: 3 }, (value) => seen.push(value));
    expect(seen).to.deep.equal([
      { a: 1, b: 2 },
      { a: 1, b: 3 },
    ]);
  });
});
