import { expect } from 'chai';

import { compileTable, renderFull } from '../../../routing/nftables/index.js';
import { calculatePolicyInputs } from './policy-input-calculator.js';
import { indexOf } from './testing/index-of.js';
import { endpoint, namespace, policy, pool } from './testing/resources.js';

describe('policy-input-calculator', () => {
  const resources = [
    namespace('web', { team: 'a' }),
    endpoint('web', 'front', 'n1', '10.65.0.5', { app: 'front' }),
    endpoint('web', 'back', 'n2', '10.65.0.70', { app: 'back' }),
    policy('web', 'allow-front', {
      podSelector: { matchLabels: { app: 'back' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'front' } } }], ports: [{ port: 8080 }] }],
    }),
    pool('default', '10.65.0.0/16', { natOutgoing: true }),
  ];

  it('maps policies, pods (host interface only for local ones), namespaces and pools', () => {
    const state = calculatePolicyInputs(indexOf(...resources), 'n1');
    expect(state.pods).to.deep.equal([
      { namespace: 'web', name: 'back', labels: { app: 'back' }, ips: ['10.65.0.70'] },
      {
        namespace: 'web',
        name: 'front',
        labels: { app: 'front' },
        ips: ['10.65.0.5'],
        hostInterface: 'twlfront',
      },
    ]);
    expect(state.namespaces).to.deep.equal([{ name: 'web', labels: { team: 'a' } }]);
    expect(state.pools).to.deep.equal([{ cidr: '10.65.0.0/16', natOutgoing: true }]);
    expect(state.policies).to.deep.equal([
      {
        namespace: 'web',
        name: 'allow-front',
        podSelector: { matchLabels: { app: 'back' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            peers: [{ podSelector: { matchLabels: { app: 'front' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
      },
    ]);
  });

  it('is accepted by the nftables compiler as is', () => {
    // On n2 the selected pod is local: the compiled table must hold its policy chain.
    const text = renderFull(compileTable(calculatePolicyInputs(indexOf(...resources), 'n2'))).join('\n');
    // The allowed peer's address and the local pod's interface both reach the rendered table.
    expect(text).to.contain('10.65.0.5');
    expect(text).to.contain('twlback');
  });
});
