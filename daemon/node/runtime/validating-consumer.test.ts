import { expect } from 'chai';

import { MemoryLogger } from '../../../common/index.js';
import type { AnyResource, SyncUpdate } from '../../../datastore/index.js';
import { pool } from '../calc/testing/resources.js';
import { ValidatingConsumer } from './validating-consumer.js';

describe('ValidatingConsumer (invalid resources never reach the graph)', () => {
  it('drops an invalid version with a log line naming the resource and field, and keeps the last good one', () => {
    const seen: SyncUpdate[] = [];
    const log = new MemoryLogger();
    const consumer = new ValidatingConsumer(
      { onStatus: () => undefined, onUpdates: (u) => seen.push(...u) },
      log,
    );
    const good = pool('pods', '10.244.0.0/16');
    consumer.onUpdates([{ type: 'set', key: 'IPPool/pods', resource: good }]);
    const bad = { ...good, spec: { ...good.spec, cidr: '10.244.0.0/99' } } as AnyResource;
    consumer.onUpdates([{ type: 'set', key: 'IPPool/pods', resource: bad }]);
    expect(seen).to.have.length(1);
    expect(seen[0]?.resource).to.equal(good);
    const warning = log.entries.find((e) => e.msg.startsWith('invalid resource ignored'));
    expect(warning?.fields['resource']).to.equal('IPPool/pods');
    expect(String(warning?.fields['issues'])).to.contain('spec.cidr');
    expect([...consumer.rejected.keys()]).to.deep.equal(['IPPool/pods']);
    // A delete always passes (the object is gone whatever it said) and clears the rejection.
    consumer.onUpdates([{ type: 'deleted', key: 'IPPool/pods', resource: good }]);
    expect(seen).to.have.length(2);
    expect(consumer.rejected.size).to.equal(0);
  });
});
