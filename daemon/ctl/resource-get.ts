/**
 * `twillctl get KIND [NAME...] [-n NS | -A] [-o table|wide|yaml|json] [-l SELECTOR]`. YAML and JSON
 * print what `apply -f` reads back: one object for one NAME, else a `kind: List`.
 */
import { stringify as toYaml } from 'yaml';

import { isTwillError } from '../../common/index.js';
import {
  kindDefinition,
  TWILL_API_VERSION,
  type AnyResource,
  type Backend,
  type ResourceKind,
} from '../../datastore/index.js';
import { flagValue, outputFormat, type CtlArgs } from './argv.js';
import { withDatastore, type CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { resourceTable } from './resource-columns.js';
import { resolveKind } from './resource-kinds.js';
import { kubectlSelector } from './label-selector-text.js';
import { renderTable } from './table.js';

export async function getCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const [, kindText, ...names] = args.positional;
  if (kindText === undefined)
    throw new CtlError(
      'USAGE',
      'usage: twillctl get KIND [NAME...] [-n NS | -A] [-o table|wide|yaml|json] [-l SELECTOR]',
    );
  const kind = resolveKind(kindText);
  const output = outputFormat(args, ['table', 'wide', 'yaml', 'json']);
  const scope = namespaceScope(kind, args);
  const selector = flagValue(args, 'selector');
  if (names.length > 0 && selector !== undefined)
    throw new CtlError('USAGE', 'give either NAME or -l SELECTOR, not both');
  if (names.length > 0 && scope.all)
    throw new CtlError('USAGE', 'a NAME is looked up in one namespace: use -n NS, not -A');
  const resources = await withDatastore(args, io, (backend) =>
    names.length > 0
      ? Promise.all(names.map((name) => getOne(backend, kind, name, scope.namespace)))
      : listAll(backend, kind, scope.namespace, selector),
  );
  if (output === 'json' || output === 'yaml') {
    const data =
      names.length === 1 ? resources[0] : { apiVersion: TWILL_API_VERSION, kind: 'List', items: resources };
    io.stdout(output === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toYaml(data));
    return 0;
  }
  if (resources.length === 0) {
    const where = scope.namespace === undefined ? '' : ` in namespace ${scope.namespace}`;
    io.stderr(`No ${kind} resources found${where}.\n`);
    return 0;
  }
  const { headers, rows } = resourceTable(kind, resources, {
    wide: output === 'wide',
    showNamespace: scope.all,
    now: io.now(),
  });
  io.stdout(renderTable(headers, rows));
  return 0;
}

/** Namespaced kinds: `-n NS` (default `default`) or every namespace with `-A`; others: none. */
export function namespaceScope(
  kind: ResourceKind,
  args: CtlArgs,
): { readonly namespace: string | undefined; readonly all: boolean } {
  if (!kindDefinition(kind).namespaced) return { namespace: undefined, all: false };
  const all = args.booleans.has('all-namespaces');
  const namespace = flagValue(args, 'namespace');
  if (all && namespace !== undefined) throw new CtlError('USAGE', 'give -n NS or -A, not both');
  return all ? { namespace: undefined, all } : { namespace: namespace ?? 'default', all };
}

export async function getOne(
  backend: Backend,
  kind: ResourceKind,
  name: string,
  namespace: string | undefined,
): Promise<AnyResource> {
  try {
    return await backend.get(kind, name, namespace);
  } catch (error) {
    if (isTwillError(error, 'NOT_FOUND')) throw notFoundError(kind, name, namespace);
    throw error;
  }
}

export function notFoundError(kind: ResourceKind, name: string, namespace: string | undefined): CtlError {
  const where = namespace === undefined ? '' : ` in namespace ${JSON.stringify(namespace)}`;
  const hint = namespace === undefined ? '' : ' (another namespace? try -n NS, or list with -A)';
  return new CtlError('REQUEST_FAILED', `${kind} ${JSON.stringify(name)} not found${where}${hint}`);
}

async function listAll(
  backend: Backend,
  kind: ResourceKind,
  namespace: string | undefined,
  selector: string | undefined,
): Promise<AnyResource[]> {
  const { items } = await backend.list(kind, {
    ...(namespace === undefined ? {} : { namespace }),
    ...(selector === undefined ? {} : { selector: kubectlSelector(selector) }),
  });
  return [...items].sort(
    (a, b) =>
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}
