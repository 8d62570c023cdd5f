/**
 * `twillctl patch KIND NAME -p JSON [-n NS]`: a JSON merge patch (RFC 7386) of the stored object,
 * validated as a whole (update rules included) and written by compare-and-swap. A lost race re-reads
 * and patches again, unless the patch itself names a metadata.resourceVersion: then the conflict is
 * the answer.
 */
import { errorMessage, isTwillError } from '../../common/index.js';
import { validateResource, type AnyResource } from '../../datastore/index.js';
import { flagValue, type CtlArgs } from './argv.js';
import { withDatastore, type CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { applyMergePatch } from './merge-patch.js';
import { getOne, namespaceScope } from './resource-get.js';
import { resolveKind } from './resource-kinds.js';
import { describeInvalid, InvalidResourcesError } from './resource-validate.js';
import { subject } from './resource-write.js';

const ATTEMPTS = 5;

export async function patchCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const [, kindText, name, extra] = args.positional;
  const patchText = flagValue(args, 'patch');
  if (kindText === undefined || name === undefined || patchText === undefined || extra !== undefined)
    throw new CtlError('USAGE', `usage: twillctl patch KIND NAME -p '{"spec":{...}}' [-n NS]`);
  const kind = resolveKind(kindText);
  const { namespace } = namespaceScope(kind, args);
  const patch = parsePatch(patchText);
  const pinned = (patch.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion !== undefined;
  return withDatastore(args, io, async (backend) => {
    for (let attempt = 1; ; attempt++) {
      const stored = await getOne(backend, kind, name, namespace);
      const patched = applyMergePatch(stored, patch) as AnyResource;
      const identity = changedIdentity(stored, patched);
      if (identity !== undefined)
        throw new CtlError('USAGE', `-p: ${identity} cannot be patched (it names the object)`);
      let next: AnyResource;
      try {
        next = validateResource(patched, stored);
      } catch (error) {
        throw new InvalidResourcesError(describeInvalid(`patch of ${subject(stored)}`, error));
      }
      try {
        await backend.update(next);
        io.stdout(`${subject(next)} patched\n`);
        return 0;
      } catch (error) {
        if (!isTwillError(error, 'CONFLICT') || pinned || attempt === ATTEMPTS) {
          if (isTwillError(error, 'CONFLICT'))
            throw new CtlError('REQUEST_FAILED', `${subject(stored)}: ${errorMessage(error)}`);
          throw error;
        }
      }
    }
  });
}

function parsePatch(text: string): Record<string, unknown> {
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (error) {
    throw new CtlError('USAGE', `-p must be a JSON merge patch: ${errorMessage(error)}`);
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new CtlError('USAGE', '-p must be a JSON object (a merge patch, RFC 7386)');
  return patch as Record<string, unknown>;
}

function changedIdentity(stored: AnyResource, patched: AnyResource): string | undefined {
  if (patched.kind !== stored.kind) return 'kind';
  if (patched.apiVersion !== stored.apiVersion) return 'apiVersion';
  if (patched.metadata?.name !== stored.metadata.name) return 'metadata.name';
  if (patched.metadata?.namespace !== stored.metadata.namespace) return 'metadata.namespace';
  return undefined;
}
