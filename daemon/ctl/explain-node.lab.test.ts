// `twillctl explain route` and `bgp routes advertised` against real twill-node processes (the
// daemon/node node-lab rack: etcd, an FRR ToR, n1 and n2), twillctl run inside n1's namespace: the
// calculation step from node.desired, the BGP step from twill-node's RIB, the kernel step from n1's
// own routes, and an originated route named by its IPAM block.
import { expect } from 'chai';

import type { ExportReasonRow } from '../../bgp/speaker/index.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import type { NodeLab } from '../node/testing/node-lab.js';
import { rackLab } from '../node/testing/rack-lab.js';
import type { RouteExplanation } from './explain-command.js';

const CTL = repoPath('dist/daemon/ctl/main.js');

describe('twillctl explain route against twill-node (lab: etcd, FRR ToR, two nodes)', function () {
  this.timeout(180_000);
  let lab: NodeLab | undefined;
  const L = (): NodeLab => lab as NodeLab;
  const ctl = async (...args: string[]): Promise<string> =>
    (await L().lab.exec('n1', ['node', CTL, '--socket', L().socket('n1'), ...args])).stdout;
  const explain = async (prefix: string): Promise<RouteExplanation> =>
    JSON.parse(
      await ctl('explain', 'route', prefix, '--etcd-endpoints', L().etcdEndpoint, '-o', 'json'),
    ) as RouteExplanation;
  const step = (e: RouteExplanation, name: string) => e.steps.find((s) => s.step === name);

  before(async () => {
    lab = await rackLab('explain', { blocks: ['n1', 'n2'], addresses: ['n1', 'n2'] });
    L().writeConfig('n1');
    L().writeConfig('n2');
    L().start('n1');
    L().start('n2');
  });

  after(async () => {
    await lab?.down();
  });

  it("a remote block: datastore affinity, n1's remote route, the best path from n2, our kernel route", async () => {
    const e = await waitFor(
      'n1 to route 10.244.2.0/26',
      async () => {
        const x = await explain('10.244.2.0/26').catch(() => undefined);
        return x?.verdict.startsWith('OK') === true ? x : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    expect(e.node).to.equal('n1');
    expect(step(e, 'datastore')?.summary).to.equal('in a block affine to node n2');
    expect(step(e, 'calculation')?.summary).to.match(/^a remote route to node n2 \(\w+ via 10\.0\.1\.12\)$/);
    expect(step(e, 'bgp')?.summary).to.match(
      /^best path 10\.244\.2\.0\/26 from 10\.0\.1\.12 via 10\.0\.1\.12$/,
    );
    expect(e.verdict).to.match(
      /^OK: in the kernel: unicast 10\.244\.2\.0\/26 via 10\.0\.1\.12 dev \S+ table \S+ proto 84 \(twill\)$/,
    );
  });

  it('its own block: originated by n1, blackholed in the kernel; advertised to the ToR as an affine block', async () => {
    const e = await explain('10.244.1.0/26');
    expect(step(e, 'calculation')?.summary).to.equal('originated by n1 (IPAM block affine to node n1)');
    expect(step(e, 'bgp')?.summary).to.match(/originated here/);
    expect(e.verdict).to.match(/^OK: in the kernel: blackhole 10\.244\.1\.0\/26 .*proto 84 \(twill\)$/);
    const rows = JSON.parse(
      await ctl('bgp', 'routes', 'advertised', '--peer', '10.0.1.1', '-o', 'json'),
    ) as ExportReasonRow[];
    const own = rows.find((r) => r.prefix === '10.244.1.0/26');
    expect(own).to.include({ advertised: true, code: 'originated' });
    expect(own?.reason).to.match(/^originated here \(IPAM block affine to node n1\)/);
  });
});
