// An encapsulation a pool asks for and the kernel lacks (IP-in-IP here) shows in the status object's
// EncapsulationSupported condition and in twill_encapsulation_unsupported.
import { expect } from 'chai';

import { NodeMetrics } from './metrics.js';
import { SessionTransitions } from './session-transitions.js';
import { StatusBuilder } from './status-builder.js';
import { parseExposition } from './testing/prom-text.js';
import { snapshot, T0 } from './testing/snapshot-fixture.js';

const MESSAGE = 'IPPool tunnel asks for IP-in-IP, but this kernel has no IP-in-IP support (modprobe ipip).';
const unsupported = () =>
  snapshot({
    dataplane: {
      ...snapshot().dataplane,
      unsupportedEncapsulations: [{ encapsulation: 'ipip', pools: ['tunnel'], message: MESSAGE }],
    },
  });

describe('EncapsulationSupported (status condition and metric)', () => {
  it('is True while every encapsulation is available, False with the pools and message when not', () => {
    const builder = new StatusBuilder();
    const condition = (s: ReturnType<typeof snapshot>, at: number) =>
      builder.build(s, at).agent?.conditions?.find((c) => c.type === 'EncapsulationSupported');
    expect(condition(snapshot(), T0)).to.deep.include({ status: 'True', reason: 'Supported' });
    expect(condition(unsupported(), T0 + 1000)).to.deep.include({
      status: 'False',
      reason: 'KernelUnsupported',
      message: MESSAGE,
      lastTransitionTime: '2026-11-26T10:00:01.000Z',
    });
  });

  it('sets twill_encapsulation_unsupported{encapsulation="ipip"} only while it is unsupported', async () => {
    const metrics = new NodeMetrics(new SessionTransitions());
    metrics.update(unsupported(), T0);
    const bad = parseExposition(await metrics.registry.metrics());
    expect(bad.value('twill_encapsulation_unsupported', { encapsulation: 'ipip' })).to.equal(1);
    metrics.update(snapshot(), T0);
    const good = parseExposition(await metrics.registry.metrics());
    expect(good.samples.filter((s) => s.name === 'twill_encapsulation_unsupported')).to.deep.equal([]);
  });
});
