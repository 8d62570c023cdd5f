/**
 * `twillctl delete KIND NAME... [-n NS]` or `delete -f FILE|-`. Every named object is looked up first:
 * if one is missing, nothing is deleted and the error names it (a typo in one name must not leave
 * half of a batch deleted).
 */
import { isTwillError } from '../../common/index.js';
import { isResourceKind, kindDefinition, type Backend, type ResourceKind } from '../../datastore/index.js';
import { flagValue, type CtlArgs } from './argv.js';
import { withDatastore, type CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { readResourceFiles, type ResourceDocument } from './resource-files.js';
import { getOne, namespaceScope } from './resource-get.js';
import { resolveKind } from './resource-kinds.js';
import { InvalidResourcesError } from './resource-validate.js';

interface Target {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly namespace: string | undefined;
}

export async function deleteCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const targets = deleteTargets(args, io);
  return withDatastore(args, io, async (backend) => {
    // Look everything up first: all or nothing for names that do not exist.
    const missing: string[] = [];
    for (const target of targets) {
      await getOne(backend, target.kind, target.name, target.namespace).catch((error: unknown) => {
        if (error instanceof CtlError && error.code === 'REQUEST_FAILED') missing.push(error.message);
        else throw error;
      });
    }
    if (missing.length > 0)
      throw new CtlError(
        'REQUEST_FAILED',
        `nothing was deleted:\n${missing.map((m) => `  ${m}`).join('\n')}`,
      );
    for (const target of targets) await remove(backend, target, io);
    return 0;
  });
}

async function remove(backend: Backend, target: Target, io: CtlIo): Promise<void> {
  try {
    await backend.delete(
      target.kind,
      target.name,
      target.namespace === undefined ? {} : { namespace: target.namespace },
    );
  } catch (error) {
    // Deleted by someone else between the look-up and now: the goal is reached all the same.
    if (!isTwillError(error, 'NOT_FOUND')) throw error;
  }
  const ns = target.namespace === undefined ? '' : `${target.namespace}/`;
  io.stdout(`${target.kind}/${ns}${target.name} deleted\n`);
}

function deleteTargets(args: CtlArgs, io: CtlIo): Target[] {
  const files = args.values.get('filename') ?? [];
  const [, kindText, ...names] = args.positional;
  if (files.length > 0) {
    if (kindText !== undefined) throw new CtlError('USAGE', 'give either KIND NAME... or -f FILE, not both');
    return fileTargets(readResourceFiles(files, io.readStdin), flagValue(args, 'namespace') ?? 'default');
  }
  if (kindText === undefined || names.length === 0)
    throw new CtlError('USAGE', 'usage: twillctl delete KIND NAME... [-n NS] | delete -f FILE|-');
  const kind = resolveKind(kindText);
  if (args.booleans.has('all-namespaces'))
    throw new CtlError('USAGE', 'delete works in one namespace: use -n NS, not -A');
  const { namespace } = namespaceScope(kind, args);
  return names.map((name) => ({ kind, name, namespace }));
}

/** Only kind, name and namespace matter for a delete: the rest of the document is not validated. */
function fileTargets(documents: readonly ResourceDocument[], defaultNamespace: string): Target[] {
  const problems: string[] = [];
  const targets: Target[] = [];
  for (const { origin, value } of documents) {
    const object = (typeof value === 'object' && value !== null ? value : {}) as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    };
    if (!isResourceKind(object.kind)) {
      problems.push(`${origin}: kind: must be one of the Twill kinds, got ${JSON.stringify(object.kind)}`);
      continue;
    }
    const name = object.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      problems.push(`${origin}: ${object.kind}: metadata.name: is required`);
      continue;
    }
    const namespaced = kindDefinition(object.kind).namespaced;
    const ns = object.metadata?.namespace;
    targets.push({
      kind: object.kind,
      name,
      namespace: namespaced ? (typeof ns === 'string' && ns !== '' ? ns : defaultNamespace) : undefined,
    });
  }
  if (problems.length > 0) throw new InvalidResourcesError(problems);
  return targets;
}
