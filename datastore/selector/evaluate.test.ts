import { expect } from 'chai';

import { Selector } from './selector.js';

describe('selector evaluation', () => {
  const web = { app: 'web', zone: 'a' };
  const db = { app: 'db' };
  const none = {};

  function selects(source: string): boolean[] {
    const selector = Selector.parse(source);
    return [web, db, none].map((labels) => selector.matches(labels));
  }

  it('evaluates comparisons, including the absent-label cases', () => {
    expect(selects("app == 'web'")).to.deep.equal([true, false, false]);
    expect(selects("app != 'web'")).to.deep.equal([false, true, true]);
    expect(selects("app in {'web', 'db'}")).to.deep.equal([true, true, false]);
    expect(selects("app not in {'web'}")).to.deep.equal([false, true, true]);
    expect(selects('has(zone)')).to.deep.equal([true, false, false]);
    expect(selects('!has(zone)')).to.deep.equal([false, true, true]);
    expect(selects('all()')).to.deep.equal([true, true, true]);
    expect(selects("has(app) && !(app == 'db' || has(zone))")).to.deep.equal([false, false, false]);
    expect(selects("app == 'db' || has(zone)")).to.deep.equal([true, true, false]);
  });

  it('does not see inherited object properties as labels', () => {
    expect(Selector.parse('has(constructor)').matches({})).to.equal(false);
    expect(Selector.parse("toString != 'x'").matches({})).to.equal(true);
  });

  it('compiles Kubernetes label selectors to the same semantics', () => {
    const selector = Selector.fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'zone', operator: 'In', values: ['a', 'b'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'app', operator: 'Exists' },
      ],
    });
    expect(selector.text).to.equal(
      "app == 'web' && zone in {'a', 'b'} && !has(legacy) && tier not in {'db'} && has(app)",
    );
    expect(selector.matches(web)).to.equal(true);
    expect(selector.matches({ ...web, legacy: 'yes' })).to.equal(false);
    expect(selector.matches({ ...web, tier: 'db' })).to.equal(false);
    expect(selector.matches({ ...web, zone: 'c' })).to.equal(false);
    expect(Selector.fromLabelSelector({}).matches(none)).to.equal(true);
  });
});
