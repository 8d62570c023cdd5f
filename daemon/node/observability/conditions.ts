// The agent's conditions (Kubernetes style), with lastTransitionTime kept across builds: it moves only
// when a condition's status flips, as metav1.Condition prescribes, so an unchanged node writes an
// unchanged status object.
import type { ConditionStatus, NodeCondition } from '../../../datastore/index.js';
import type { Readiness } from './readiness.js';
import type { NodeSnapshot } from './snapshot.js';

const MAX_IGNORED_LISTED = 20;
/** The datastore's bound on a condition message (4 × its free-text bound). */
const MAX_MESSAGE = 4096;

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

interface ConditionInput {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  /**
   * When the status last flipped, where the source knows it (the datastore probe): a flip and its
   * return between two builds (an outage while the status could not be written) would otherwise leave
   * lastTransitionTime where it was.
   */
  readonly transitionAtMs?: number;
}

export function conditionInputs(snapshot: NodeSnapshot, readiness: Readiness): ConditionInput[] {
  const peers = snapshot.bgp?.peers ?? [];
  const established = peers.filter((p) => p.state === 'Established').length;
  const ignored = snapshot.ignoredResources;
  const inputs: ConditionInput[] = [
    {
      type: 'Ready',
      status: readiness.ready ? 'True' : 'False',
      reason: readiness.ready ? 'Ready' : 'NotReady',
      message: readiness.ready ? 'ready' : readiness.reasons.join('; '),
    },
    {
      type: 'DatastoreInSync',
      status: readiness.datastoreInSync ? 'True' : 'False',
      reason: !snapshot.datastore.connected
        ? 'Disconnected'
        : snapshot.datastore.inSync
          ? 'InSync'
          : 'Syncing',
      message: `${snapshot.datastore.resyncs} resyncs`,
    },
    datastoreConnected(snapshot.datastore),
    {
      type: 'DataplaneProgrammed',
      status: readiness.dataplaneProgrammed ? 'True' : 'False',
      reason:
        snapshot.dataplane.lastApplyError !== undefined
          ? 'ApplyFailed'
          : readiness.dataplaneProgrammed
            ? 'Programmed'
            : 'Pending',
      message: snapshot.dataplane.lastApplyError ?? `${snapshot.routes.programmed} routes programmed`,
    },
  ];
  if (snapshot.bgp !== undefined) {
    inputs.push({
      type: 'BGPSessionsEstablished',
      status: established === peers.length ? 'True' : 'False',
      reason: established === peers.length ? 'AllEstablished' : 'SessionsDown',
      message: `${established}/${peers.length} sessions established`,
    });
  }
  const unsupported = snapshot.dataplane.unsupportedEncapsulations ?? [];
  inputs.push({
    type: 'EncapsulationSupported',
    status: unsupported.length === 0 ? 'True' : 'False',
    reason: unsupported.length === 0 ? 'Supported' : 'KernelUnsupported',
    message:
      unsupported.length === 0
        ? 'every encapsulation the pools ask for is available'
        : unsupported.map((u) => u.message).join('\n'),
  });
  const listed = ignored
    .slice(0, MAX_IGNORED_LISTED)
    .map((r) => `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}: ${r.reason}`);
  const more = ignored.length > MAX_IGNORED_LISTED ? [`and ${ignored.length - MAX_IGNORED_LISTED} more`] : [];
  inputs.push({
    type: 'ResourcesIgnored',
    status: ignored.length > 0 ? 'True' : 'False',
    reason: ignored.length > 0 ? 'ValidationFailed' : 'NoneIgnored',
    message: ignored.length > 0 ? [...listed, ...more].join('\n') : 'every datastore resource was accepted',
  });
  return inputs;
}

/**
 * The datastore outage, apart from DatastoreInSync: the syncer stays in sync through an outage (it
 * keeps the last data), so this is where an operator sees that the node cannot hear about changes.
 * It does not make the node unready (readiness.ts).
 */
function datastoreConnected(datastore: NodeSnapshot['datastore']): ConditionInput {
  const since =
    datastore.connectedSinceMs === undefined
      ? ''
      : ` since ${new Date(datastore.connectedSinceMs).toISOString()}`;
  const transition =
    datastore.connectedSinceMs === undefined ? {} : { transitionAtMs: datastore.connectedSinceMs };
  if (datastore.connected) {
    const outage = datastore.lastOutage;
    const last =
      outage === undefined
        ? ''
        : `; last outage ${new Date(outage.fromMs).toISOString()} for ${Math.round((outage.toMs - outage.fromMs) / 1000)} s${outage.error === undefined ? '' : ` (${outage.error})`}`;
    return {
      type: 'DatastoreConnected',
      status: 'True',
      reason: 'Connected',
      message: `reachable${since}${last}`,
      ...transition,
    };
  }
  const why = datastore.connectionError === undefined ? '' : `: ${datastore.connectionError}`;
  return {
    type: 'DatastoreConnected',
    status: 'False',
    reason: 'Disconnected',
    message: `unreachable${since}${why}; the last data stays in force`,
    ...transition,
  };
}

export class ConditionTracker {
  private readonly previous = new Map<string, NodeCondition>();

  /** Conditions for this build; a condition keeps its lastTransitionTime while its status holds. */
  update(inputs: readonly ConditionInput[], now: string): NodeCondition[] {
    return inputs.map(({ transitionAtMs, ...input }) => {
      const before = this.previous.get(input.type);
      const lastTransitionTime =
        transitionAtMs !== undefined
          ? new Date(transitionAtMs).toISOString()
          : before !== undefined && before.status === input.status
            ? (before.lastTransitionTime ?? now)
            : now;
      const condition: NodeCondition = { ...input, message: bounded(input.message), lastTransitionTime };
      this.previous.set(input.type, condition);
      return condition;
    });
  }
}
