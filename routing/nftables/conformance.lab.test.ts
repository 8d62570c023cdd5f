// NetworkPolicy conformance on a real kernel: 3 namespaces × 3 pods (each a network namespace behind a
// veth on one node namespace), every pod probing every other pod and an outside host on TCP and UDP 53,
// 80 and 81, compared with the reachability an independent oracle computes from the policies. The
// scenarios run one after another against the same PolicyTable, so every transition after the first is
// an incremental transaction; a relabel must change set elements only. Scenarios "under traffic" open
// long-running flows before their change and keep them busy through it: established flows must survive
// (conntrack), while the matrix of new connections must follow the new policies.
import { expect } from 'chai';
import {
  libnftablesRunner,
  PolicyTable,
  type ApplyResult,
  type PodInput,
  type PolicyState,
} from './index.js';
import { Oracle, type OraclePod } from './testing/oracle.js';
import { EXT_IP, NODE_EXT_IP, PodLab, POD_PORTS, type LabPod, type ProbeSpec } from './testing/pod-lab.js';
import { EXTRA_NAMED_PORTS, SCENARIOS, type FlowSpec, type Scenario } from './testing/scenarios.js';

const NAMESPACES = ['x', 'y', 'z'];
const POD_NAMES = ['a', 'b', 'c'];
const PROTOCOLS = ['TCP', 'UDP'] as const;

function namedPorts(): { name: string; protocol: 'TCP' | 'UDP'; port: number }[] {
  return POD_PORTS.flatMap((port) =>
    PROTOCOLS.map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, protocol, port })),
  );
}

function podInputs(lab: PodLab, relabel: Scenario['relabel'] = {}): PodInput[] {
  return lab.pods.map((p) => ({
    namespace: p.namespace,
    name: p.name,
    labels: relabel[`${p.namespace}/${p.name}`] ?? { pod: p.name },
    ips: [p.ip],
    hostInterface: p.hostInterface,
    namedPorts: [...namedPorts(), ...(EXTRA_NAMED_PORTS[`${p.namespace}/${p.name}`] ?? [])],
  }));
}

function stateOf(lab: PodLab, scenario: Scenario, natOutgoing = true): PolicyState {
  return {
    policies: scenario.policies,
    pods: podInputs(lab, scenario.relabel),
    namespaces: NAMESPACES.map((name) => ({ name, labels: scenario.nsLabels?.[name] ?? { ns: name } })),
    pools: [{ cidr: '10.244.0.0/16', natOutgoing }],
  };
}

interface Cell {
  readonly from: LabPod;
  readonly to: string;
  readonly probe: ProbeSpec;
}

function cells(lab: PodLab): Cell[] {
  const out: Cell[] = [];
  for (const from of lab.pods) {
    const targets = [...lab.pods.filter((p) => p !== from).map((p) => `${p.namespace}/${p.name}`), 'ext'];
    for (const to of targets) {
      const ip = to === 'ext' ? EXT_IP : lab.pod(to).ip;
      for (const port of POD_PORTS)
        for (const protocol of PROTOCOLS) out.push({ from, to, probe: { ip, port, protocol } });
    }
  }
  return out;
}

/** Runs the whole matrix (all sources in parallel) and returns the mismatches against the oracle. */
async function mismatches(lab: PodLab, state: PolicyState): Promise<string[]> {
  const oraclePods: OraclePod[] = state.pods.map((p) => ({
    namespace: p.namespace,
    name: p.name,
    labels: p.labels,
    ip: p.ips[0] as string,
    namedPorts: p.namedPorts ?? [],
  }));
  const oracle = new Oracle(state, oraclePods);
  const srcOf = (cell: Cell): OraclePod => oraclePods.find((p) => p.ip === cell.from.ip) as OraclePod;
  const all = cells(lab);
  const bySource = lab.pods.map((from) => all.filter((c) => c.from === from));
  const results = await Promise.all(
    bySource.map((list, i) =>
      lab.probe(
        lab.pods[i] as LabPod,
        list.map((c) => c.probe),
      ),
    ),
  );
  // Probes that must fail use a short timeout; on 2 shared cores an allowed probe can miss it, so a
  // probe the oracle allows gets a second, longer chance. A probe that got through is never retried.
  const misses = bySource.map((list, i) =>
    list.filter(
      (cell, j) =>
        !(results[i]?.[j]?.ok ?? false) &&
        oracle.reachable(srcOf(cell), cell.probe.ip, cell.probe.port, cell.probe.protocol),
    ),
  );
  const retried = await Promise.all(
    misses.map((list, i) =>
      lab.probe(
        lab.pods[i] as LabPod,
        list.map((c) => c.probe),
        3000,
      ),
    ),
  );
  const secondChance = new Map<Cell, boolean>();
  misses.forEach((list, i) =>
    list.forEach((cell, j) => secondChance.set(cell, retried[i]?.[j]?.ok ?? false)),
  );
  const diff: string[] = [];
  bySource.forEach((list, i) =>
    list.forEach((cell, j) => {
      const want = oracle.reachable(srcOf(cell), cell.probe.ip, cell.probe.port, cell.probe.protocol);
      const got = secondChance.get(cell) ?? results[i]?.[j]?.ok ?? false;
      if (want !== got) {
        diff.push(
          `${cell.from.namespace}/${cell.from.name} -> ${cell.to} ${cell.probe.protocol}/${cell.probe.port}: ` +
            `expected ${want ? 'allowed' : 'blocked'}, got ${got ? 'allowed' : 'blocked'}`,
        );
      }
    }),
  );
  return diff;
}

let nextFlow = 1;

/**
 * Opens the flows, applies `state` while pinging every flow every 100 ms, pings once more after the
 * commit, and closes them. Returns what went wrong: a flow the previous state should have let open, or
 * a round trip on an established flow that failed during or after the change.
 */
async function syncUnderTraffic(
  lab: PodLab,
  table: PolicyTable,
  flows: readonly FlowSpec[],
  state: PolicyState,
): Promise<{ problems: string[]; result: ApplyResult }> {
  const problems: string[] = [];
  const open = flows.map((f) => ({ spec: f, from: lab.pod(f.from), id: nextFlow++ }));
  const label = (f: FlowSpec) => `flow ${f.from} -> ${f.to} ${f.protocol}/${f.port}`;
  const opened = await Promise.all(
    open.map((f) =>
      lab.openFlow(f.from, f.id, { ip: lab.pod(f.spec.to).ip, port: f.spec.port, protocol: f.spec.protocol }),
    ),
  );
  opened.forEach((ok, i) => {
    if (!ok) problems.push(`${label(open[i]?.spec as FlowSpec)}: could not be opened before the change`);
  });
  const live = open.filter((_, i) => opened[i]);
  const pings = { sent: 0, failed: [] as string[] };
  let done = false;
  const keepalive = (async () => {
    while (!done) {
      const results = await Promise.all(live.map((f) => lab.pingFlow(f.from, f.id)));
      pings.sent++;
      results.forEach((ok, i) => {
        if (!ok) pings.failed.push(`${label(live[i]?.spec as FlowSpec)}: round trip ${pings.sent} failed`);
      });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  let result: ApplyResult;
  try {
    result = await table.sync(state);
  } finally {
    done = true;
    await keepalive;
  }
  const after = await Promise.all(live.map((f) => lab.pingFlow(f.from, f.id)));
  after.forEach((ok, i) => {
    if (!ok) problems.push(`${label(live[i]?.spec as FlowSpec)}: dropped after the change`);
  });
  await Promise.all(open.map((f) => lab.closeFlow(f.from, f.id)));
  return { problems: [...problems, ...pings.failed], result };
}

describe('NetworkPolicy conformance in namespaces (lab)', function () {
  // 42 scenarios at ~0.4 s each on an idle machine; several times that on 2 loaded shared cores.
  this.timeout(240_000);
  let lab: PodLab;
  let table: PolicyTable;

  before(async function () {
    lab = await PodLab.create(`twt-nft-${process.pid}-1`, NAMESPACES, POD_NAMES);
    table = new PolicyTable(libnftablesRunner({ netnsPath: lab.nodeNetnsPath }));
  });
  after(async () => {
    await lab?.destroy();
  });

  it(`matches the oracle in all ${SCENARIOS.length} scenarios, applied one after another`, async () => {
    const failures: string[] = [];
    let previous: Scenario | undefined;
    for (const scenario of SCENARIOS) {
      const state = stateOf(lab, scenario);
      const flows = scenario.underTraffic ?? [];
      const { problems, result } =
        flows.length > 0
          ? await syncUnderTraffic(lab, table, flows, state)
          : { problems: [], result: await table.sync(state) };
      if (previous !== undefined) expect(result.mode, scenario.name).to.not.equal('full');
      const diff = [...problems, ...(await mismatches(lab, state))];
      if (diff.length > 0) failures.push(`scenario "${scenario.name}":\n  ${diff.join('\n  ')}`);
      previous = scenario;
    }
    expect(failures, `\n${failures.join('\n')}`).to.deep.equal([]);
  });

  it('changes only set elements when a pod is relabelled', async () => {
    const base = SCENARIOS.find((s) =>
      s.name.startsWith('allow x/a from pod b in any namespace'),
    ) as Scenario;
    await table.sync(stateOf(lab, base));
    const commands: string[] = [];
    const spying = new PolicyTable(
      {
        ...libnftablesRunner({ netnsPath: lab.nodeNetnsPath }),
        apply: async (c) => {
          commands.push(...c);
          await libnftablesRunner({ netnsPath: lab.nodeNetnsPath }).apply(c);
        },
      },
      {},
    );
    await spying.sync(stateOf(lab, base));
    commands.length = 0;
    const relabelled = { ...base, relabel: { 'z/c': { pod: 'b' } } };
    await spying.sync(stateOf(lab, relabelled));
    expect(commands.length).to.be.greaterThan(0);
    expect(
      commands.every((c) => /^(add|delete) element /.test(c)),
      commands.join('\n'),
    ).to.equal(true);
    expect(await mismatches(lab, stateOf(lab, relabelled))).to.deep.equal([]);
  });

  it('masquerades pod traffic to hosts outside the pools, and not pod-to-pod traffic', async () => {
    await table.sync(stateOf(lab, { name: 'open', policies: [] }));
    const xa = lab.pod('x/a');
    const yb = lab.pod('y/b');
    const [toExtTcp, toExtUdp, toPod] = await lab.probe(xa, [
      { ip: EXT_IP, port: 80, protocol: 'TCP' },
      { ip: EXT_IP, port: 81, protocol: 'UDP' },
      { ip: yb.ip, port: 80, protocol: 'TCP' },
    ]);
    expect(toExtTcp).to.deep.equal({ ok: true, seenAs: NODE_EXT_IP });
    expect(toExtUdp).to.deep.equal({ ok: true, seenAs: NODE_EXT_IP });
    expect(toPod).to.deep.equal({ ok: true, seenAs: xa.ip });
    // Without natOutgoing the external host sees the pod's address, which it has no route back to.
    await table.sync(stateOf(lab, { name: 'open', policies: [] }, false));
    const [unNated] = await lab.probe(xa, [{ ip: EXT_IP, port: 80, protocol: 'TCP' }]);
    expect(unNated?.ok).to.equal(false);
  });
});
