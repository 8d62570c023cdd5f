/**
 * What every datastore command group gets: its parsed arguments, the process's streams and
 * environment (injected, so the groups never touch `process`), and one way to use the datastore that
 * closes it afterwards and turns "cannot connect" into a message naming the endpoint.
 */
import { errorMessage, isTwillError } from '../../common/index.js';
import type { Backend } from '../../datastore/index.js';
import { flagValue, type CtlArgs } from './argv.js';
import { CtlError } from './control-client.js';
import type { CtlIo } from './ctl-io.js';
import { DATASTORE_FLAG_ENV } from './ctl-flags.js';
import { openCtlDatastore, type CtlDatastoreFlags } from './datastore-connection.js';

/** A command group: returns the exit code (0 ok, 1 failed or problems found; usage errors throw). */
export type { CtlIo } from './ctl-io.js';

export type CommandGroup = (args: CtlArgs, io: CtlIo) => Promise<number>;

export function datastoreFlags(args: CtlArgs): CtlDatastoreFlags {
  const flags: Record<string, string | undefined> = {};
  for (const name of [...Object.keys(DATASTORE_FLAG_ENV), 'config']) flags[name] = flagValue(args, name);
  return flags;
}

export async function withDatastore<T>(
  args: CtlArgs,
  io: CtlIo,
  use: (backend: Backend, where: string) => Promise<T>,
): Promise<T> {
  const { backend, where } = await openCtlDatastore(datastoreFlags(args), io.env);
  try {
    return await use(backend, where);
  } catch (error) {
    if (isTwillError(error, 'BACKEND_FAILURE'))
      throw new CtlError(
        'REQUEST_FAILED',
        `datastore ${where} failed or is unreachable: ${errorMessage(error)}`,
      );
    throw error;
  } finally {
    await backend.close().catch(() => undefined);
  }
}
