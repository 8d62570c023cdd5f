// One invocation: environment and stdin in, the JSON to print out. Kept apart from main.ts (which only
// touches the process) so the order of checks is readable in one place: command (4), stdin JSON (6),
// cniVersion (1), the rest of the config (7, 2), the command's variables (4), then the work.
// The commands (and with them the datastore clients, which take most of a start-up) are imported only
// when needed, so VERSION and malformed invocations answer without loading them.
import { assertNever } from '../../common/index.js';
import { CniError, cniErrorObject } from './cni-error.js';
import type { JsonObject } from './config-fields.js';
import { readAttachmentEnv, readCommand } from './environment.js';
import { requireNetns } from './netns-path.js';
import { decodeJson, parseNetConfig, readVersion } from './net-config.js';
import { encodeResult } from './result.js';
import {
  isSupportedVersion,
  LATEST_VERSION,
  requireAtLeast,
  SUPPORTED_VERSIONS,
  type CniVersion,
} from './versions.js';

export interface Outcome {
  /** What to print on stdout; undefined prints nothing (DEL, CHECK, STATUS and GC succeed silently). */
  readonly stdout: JsonObject | undefined;
  readonly exitCode: number;
}

export async function invoke(env: NodeJS.ProcessEnv, stdin: string): Promise<Outcome> {
  let version: CniVersion = LATEST_VERSION;
  try {
    const command = readCommand(env);
    if (command === 'VERSION') return { stdout: versionReply(stdin), exitCode: 0 };
    const json = decodeJson(stdin);
    version = readVersion(json);
    const config = parseNetConfig(json);
    switch (command) {
      case 'ADD': {
        const attachment = readAttachmentEnv(env, command);
        requireNetns(attachment.netns as string);
        const [{ withSession }, { cmdAdd }] = await Promise.all([
          import('./session.js'),
          import('./cmd-add.js'),
        ]);
        const result = await withSession(config, (session) => cmdAdd(attachment, session));
        return { stdout: encodeResult(result, version), exitCode: 0 };
      }
      case 'DEL': {
        const attachment = readAttachmentEnv(env, command);
        const [{ withSession }, { cmdDel }] = await Promise.all([
          import('./session.js'),
          import('./cmd-del.js'),
        ]);
        await withSession(config, (session) => cmdDel(attachment, session));
        return { stdout: undefined, exitCode: 0 };
      }
      case 'CHECK': {
        const attachment = readAttachmentEnv(env, command);
        const [{ withSession }, { cmdCheck }] = await Promise.all([
          import('./session.js'),
          import('./cmd-check.js'),
        ]);
        await withSession(config, (session) => cmdCheck(attachment, session));
        return { stdout: undefined, exitCode: 0 };
      }
      case 'STATUS':
        requireAtLeast(version, '1.1.0', 'STATUS');
        await (await import('./cmd-status.js')).cmdStatus(config);
        return { stdout: undefined, exitCode: 0 };
      case 'GC': {
        requireAtLeast(version, '1.1.0', 'GC');
        const [{ withSession }, { cmdGc }] = await Promise.all([
          import('./session.js'),
          import('./cmd-gc.js'),
        ]);
        await withSession(config, (session) => cmdGc(session));
        return { stdout: undefined, exitCode: 0 };
      }
      default:
        return assertNever(command, 'CNI command');
    }
  } catch (error) {
    const cniError =
      error instanceof CniError ? error : (await import('./classify-error.js')).toCniError(error);
    return { stdout: { ...cniErrorObject(cniError, version) }, exitCode: 1 };
  }
}

/**
 * VERSION (spec 1.1 §"VERSION"): stdin carries only the runtime's cniVersion, possibly nothing at
 * all from old runtimes; the answer is in that version when we speak it.
 */
function versionReply(stdin: string): JsonObject {
  let requested: unknown;
  if (stdin.trim() !== '') requested = decodeJson(stdin).cniVersion;
  const cniVersion =
    typeof requested === 'string' && isSupportedVersion(requested) ? requested : LATEST_VERSION;
  return { cniVersion, supportedVersions: [...SUPPORTED_VERSIONS] };
}
