/**
 * `twillctl create|apply|replace -f FILE|-` with calicoctl's and kubectl's semantics: create fails when
 * the object exists, replace when it does not, apply creates or updates. Every document is validated
 * (and, for updates, checked against the stored object's update rules) before the first write, so a
 * batch with one bad document writes nothing. Updates are compare-and-swap on the resourceVersion: the
 * one in the file when it has one (an edited `get -o yaml`), else the one just read.
 */
import { errorMessage, isTwillError } from '../../common/index.js';
import {
  validateResource,
  type AnyResource,
  type Backend,
  type ResourceKind,
} from '../../datastore/index.js';
import { flagValue, type CtlArgs } from './argv.js';
import { withDatastore, type CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { readResourceFiles } from './resource-files.js';
import {
  describeInvalid,
  InvalidResourcesError,
  validateDocuments,
  type ValidDocument,
} from './resource-validate.js';

export type WriteVerb = 'create' | 'apply' | 'replace';

interface PlannedWrite {
  readonly origin: string;
  readonly resource: AnyResource;
  readonly stored: AnyResource | undefined;
}

export async function writeCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const verb = args.positional[0] as WriteVerb;
  if (args.positional.length > 1)
    throw new CtlError(
      'USAGE',
      `usage: twillctl ${verb} -f FILE|- (unexpected ${JSON.stringify(args.positional[1])})`,
    );
  const documents = readResourceFiles(args.values.get('filename') ?? [], io.readStdin);
  const valid = validateDocuments(documents, flagValue(args, 'namespace'));
  refuseDuplicates(valid);
  return withDatastore(args, io, async (backend) => {
    const plan = await planWrites(backend, verb, valid);
    for (const [index, write] of plan.entries()) {
      try {
        io.stdout(`${subject(write.resource)} ${await perform(backend, verb, write)}\n`);
      } catch (error) {
        if (isTwillError(error, 'BACKEND_FAILURE')) throw error;
        const rest = plan.slice(index + 1).map((w) => subject(w.resource));
        const notWritten = rest.length === 0 ? '' : `; not written: ${rest.join(', ')}`;
        throw new CtlError('REQUEST_FAILED', `${write.origin}: ${writeFailure(write, error)}${notWritten}`);
      }
    }
    return 0;
  });
}

export function subject(resource: AnyResource): string {
  const { namespace, name } = resource.metadata;
  return `${resource.kind}/${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

function refuseDuplicates(valid: readonly ValidDocument[]): void {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const { origin, resource } of valid) {
    const key = subject(resource);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${origin}: ${key}: also in ${first}; give each object once`);
    else seen.set(key, origin);
  }
  if (problems.length > 0) throw new InvalidResourcesError(problems);
}

/** Reads what is stored and checks existence and update rules for every document, writing nothing. */
async function planWrites(
  backend: Backend,
  verb: WriteVerb,
  valid: readonly ValidDocument[],
): Promise<PlannedWrite[]> {
  const problems: string[] = [];
  const plan: PlannedWrite[] = [];
  for (const { origin, resource } of valid) {
    const stored = await storedVersion(backend, resource);
    if (verb === 'create' && stored !== undefined) {
      problems.push(`${origin}: ${subject(resource)} already exists (use apply or replace to change it)`);
      continue;
    }
    if (verb === 'replace' && stored === undefined) {
      problems.push(`${origin}: ${subject(resource)} not found (use create or apply to make it)`);
      continue;
    }
    if (stored !== undefined) {
      try {
        // The kind's update rules (immutable spec.cidr, spec.blockSize, ...) against what is stored.
        validateResource(resource, stored);
      } catch (error) {
        problems.push(...describeInvalid(origin, error));
        continue;
      }
    }
    plan.push({ origin, resource, stored });
  }
  if (problems.length > 0) throw new InvalidResourcesError(problems, 'refused');
  return plan;
}

async function storedVersion(backend: Backend, resource: AnyResource): Promise<AnyResource | undefined> {
  try {
    return await backend.get(
      resource.kind as ResourceKind,
      resource.metadata.name,
      resource.metadata.namespace,
    );
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

async function perform(backend: Backend, verb: WriteVerb, write: PlannedWrite): Promise<string> {
  const { resource, stored } = write;
  if (stored === undefined) {
    // Server-owned fields from a copied object (uid, creationTimestamp, resourceVersion) are not the
    // new object's: the store assigns its own.
    const {
      uid: _uid,
      creationTimestamp: _created,
      resourceVersion: _version,
      ...metadata
    } = resource.metadata;
    await backend.create({ ...resource, metadata });
    return 'created';
  }
  // Status is written by the daemons, not authored in files: a file without one keeps the stored one.
  const next =
    resource.status === undefined && stored.status !== undefined
      ? ({ ...resource, status: stored.status } as AnyResource)
      : resource;
  if (verb === 'apply' && sameContent(next, stored)) return 'unchanged';
  await backend.update({
    ...next,
    metadata: {
      ...resource.metadata,
      resourceVersion: resource.metadata.resourceVersion ?? stored.metadata.resourceVersion,
    },
  });
  return verb === 'replace' ? 'replaced' : 'configured';
}

/** Same labels, annotations, spec and status: an apply that would change nothing writes nothing. */
function sameContent(a: AnyResource, b: AnyResource): boolean {
  const content = (r: AnyResource) =>
    canonical({
      labels: r.metadata.labels ?? {},
      annotations: r.metadata.annotations ?? {},
      spec: r.spec,
      status: r.status,
    });
  return content(a) === content(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

function writeFailure(write: PlannedWrite, error: unknown): string {
  const name = subject(write.resource);
  if (isTwillError(error, 'CONFLICT')) {
    const fromFile = write.resource.metadata.resourceVersion;
    return fromFile === undefined
      ? `${name} changed while twillctl was writing it: run the command again`
      : `${name} changed since resourceVersion ${fromFile} in the file (stored: ${write.stored?.metadata.resourceVersion ?? '?'}): get it again, redo your edit, or drop metadata.resourceVersion to overwrite`;
  }
  if (isTwillError(error, 'ALREADY_EXISTS')) return `${name} was created by someone else meanwhile`;
  if (isTwillError(error, 'NOT_FOUND')) return `${name} was deleted by someone else meanwhile`;
  if (isTwillError(error, 'INVALID_RESOURCE')) return describeInvalid('', error).join('; ');
  return `${name}: ${errorMessage(error)}`;
}
