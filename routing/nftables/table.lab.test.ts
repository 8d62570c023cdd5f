// The table's transactions on a real kernel: drift (the table edited or deleted behind Twill's back) is
// detected and repaired, and a large batch refused at its last command leaves the old ruleset in force.
import { expect } from 'chai';
import {
  compileTable,
  libnftablesRunner,
  NftablesError,
  PolicyTable,
  renderFull,
  type PolicyState,
} from './index.js';
import { PodLab } from './testing/pod-lab.js';

describe('PolicyTable on a real kernel (lab)', function () {
  this.timeout(60_000);
  let lab: PodLab;
  let table: PolicyTable;
  let state: PolicyState;

  const blockedToXa = async (): Promise<boolean> => {
    const [r] = await lab.probe(lab.pod('x/b'), [{ ip: lab.pod('x/a').ip, port: 80, protocol: 'TCP' }], 300);
    return r?.ok === false;
  };

  before(async () => {
    lab = await PodLab.create(`twt-nft-${process.pid}-2`, ['x'], ['a', 'b']);
    table = new PolicyTable(libnftablesRunner({ netnsPath: lab.nodeNetnsPath }));
    state = {
      policies: [
        {
          namespace: 'x',
          name: 'deny',
          podSelector: { matchLabels: { pod: 'a' } },
          policyTypes: ['Ingress'],
        },
      ],
      pods: lab.pods.map((p) => ({
        namespace: 'x',
        name: p.name,
        labels: { pod: p.name },
        ips: [p.ip],
        hostInterface: p.hostInterface,
      })),
      namespaces: [{ name: 'x', labels: {} }],
      pools: [{ cidr: '10.244.0.0/16', natOutgoing: true }],
    };
    await table.sync(state);
  });
  after(async () => {
    await lab?.destroy();
  });

  it('counts drops against the policy that selected the pod', async () => {
    expect(await blockedToXa()).to.equal(true);
    const counters = await table.dropCounters();
    expect(counters).to.have.length(1);
    expect(counters[0]).to.include({ namespace: 'x', name: 'deny', direction: 'ingress' });
    expect(counters[0]?.packets).to.be.greaterThan(0);
  });

  it('renders SCTP ports and ranges that the kernel accepts (no SCTP sockets here to probe them)', async () => {
    const sctp = {
      namespace: 'x',
      name: 'sctp',
      podSelector: { matchLabels: { pod: 'b' } },
      ingress: [{ ports: [{ protocol: 'SCTP' as const, port: 5432, endPort: 5440 }] }],
    };
    await table.sync({ ...state, policies: [...state.policies, sctp] });
    expect(await lab.nft(['list', 'table', 'inet', 'twill'])).to.contain('sctp dport 5432-5440');
    await table.sync(state);
  });

  it('detects and repairs a deleted table and an edited chain', async () => {
    expect(await table.checkDrift()).to.equal(false);
    await lab.nft(['delete', 'table', 'inet', 'twill']);
    expect(await blockedToXa()).to.equal(false);
    expect(await table.checkDrift()).to.equal(true);
    expect(await table.repairDrift()).to.equal(true);
    expect(await table.checkDrift()).to.equal(false);
    expect(await blockedToXa()).to.equal(true);

    await lab.nft(['flush', 'chain', 'inet', 'twill', 'forward']);
    expect(await table.checkDrift()).to.equal(true);
    expect(await table.repairDrift()).to.equal(true);
    expect(await blockedToXa()).to.equal(true);
    expect(await table.repairDrift()).to.equal(false);
  });

  it('leaves the old ruleset fully in force when a large batch fails at its last command', async () => {
    const policies = Array.from({ length: 1500 }, (_, i) => ({
      namespace: 'x',
      name: `p${i}`,
      podSelector: { matchLabels: { pod: 'b' } },
      ingress: [
        { peers: [{ ipBlock: { cidr: `10.${i % 200}.${i % 256}.0/24` } }], ports: [{ port: 1000 + i }] },
      ],
    }));
    // An open x/a plus 1500 policies, then one command that cannot work.
    const big = renderFull(compileTable({ ...state, policies }));
    const runner = libnftablesRunner({ netnsPath: lab.nodeNetnsPath });
    const bad = 'add rule inet twill forward ip saddr @no-such-set drop';
    let caught: unknown;
    try {
      await runner.apply([...big, bad]);
    } catch (err) {
      caught = err;
    }
    expect(big.length).to.be.greaterThan(5000);
    expect(caught).to.be.instanceOf(NftablesError);
    expect((caught as NftablesError).code).to.equal('NFT_APPLY_FAILED');
    expect((caught as NftablesError).details?.command).to.equal(bad);
    expect(await table.checkDrift()).to.equal(false);
    expect(await blockedToXa()).to.equal(true);
  });

  it('checks drift by the generation: lists nothing after its own commits, lists once after a foreign one', async () => {
    const real = libnftablesRunner({ netnsPath: lab.nodeNetnsPath });
    let listings = 0;
    const counting = new PolicyTable({
      ...real,
      listTable: (name) => {
        listings++;
        return real.listTable(name);
      },
    });
    const open = {
      namespace: 'x',
      name: 'open-b',
      podSelector: { matchLabels: { pod: 'b' } },
      ingress: [{}],
    };
    await counting.sync(state);
    await counting.sync({ ...state, policies: [...state.policies, open] });
    await counting.sync(state);
    expect(await counting.checkDrift()).to.equal(false);
    expect(listings).to.equal(0);

    // Another program commits to its own table: one listing shows ours intact; then none again.
    await lab.nft(['add', 'table', 'inet', 'someone-else']);
    expect(await counting.checkDrift()).to.equal(false);
    expect(listings).to.equal(1);
    expect(await counting.checkDrift()).to.equal(false);
    expect(listings).to.equal(1);

    // An element slipped into one of our sets, then a rule appended to our chain: both are drift.
    await lab.nft(['add', 'element', 'inet', 'twill', 'pod-ifaces', '{ "twx-intruder" }']);
    expect(await counting.checkDrift()).to.equal(true);
    expect(await counting.repairDrift()).to.equal(true);
    expect(await counting.checkDrift()).to.equal(false);
    await lab.nft(['add', 'rule', 'inet', 'twill', 'forward', 'accept']);
    expect(await counting.repairDrift()).to.equal(true);
    expect(await counting.checkDrift()).to.equal(false);
    expect(await blockedToXa()).to.equal(true);
    await lab.nft(['delete', 'table', 'inet', 'someone-else']);
  });
});
