// The CNI_* environment (CNI spec 1.1 §"Parameters"): which variables each command requires, checked
// up front so a runtime bug is reported as code 4 naming the variable, not as a failure halfway through.
import { parseCniArgs, type CniArgs } from './cni-args.js';
import { CniError } from './cni-error.js';

export const COMMANDS = ['ADD', 'DEL', 'CHECK', 'VERSION', 'STATUS', 'GC'] as const;
export type CniCommand = (typeof COMMANDS)[number];

/** What an attachment command (ADD, DEL, CHECK) gets from the runtime. */
export interface AttachmentEnv {
  readonly containerID: string;
  readonly ifName: string;
  /** Optional for DEL only: the runtime may have lost the namespace already. */
  readonly netns: string | undefined;
  readonly args: CniArgs;
  readonly path: readonly string[];
}

// Spec 1.1 §"Parameters": CNI_CONTAINERID is alphanumerics plus "_", "." and "-", starting with an
// alphanumeric; CNI_IFNAME is a Linux interface name.
const CONTAINER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const IF_NAME = /^[^\s/:]{1,15}$/;

export function readCommand(env: NodeJS.ProcessEnv): CniCommand {
  const command = env.CNI_COMMAND;
  if (command === undefined || command === '') {
    throw new CniError(
      'INVALID_ENVIRONMENT',
      `CNI_COMMAND is not set; twill-cni is a CNI plugin run by a container runtime with CNI_COMMAND=${COMMANDS.join('|')}`,
      { details: { variable: 'CNI_COMMAND' } },
    );
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new CniError(
      'INVALID_ENVIRONMENT',
      `CNI_COMMAND=${JSON.stringify(command)} is not a CNI command; expected one of ${COMMANDS.join(', ')}`,
      { details: { variable: 'CNI_COMMAND', value: command } },
    );
  }
  return command as CniCommand;
}

export function readAttachmentEnv(env: NodeJS.ProcessEnv, command: 'ADD' | 'DEL' | 'CHECK'): AttachmentEnv {
  const containerID = required(env, 'CNI_CONTAINERID', command);
  if (!CONTAINER_ID.test(containerID)) {
    throw invalid(
      'CNI_CONTAINERID',
      containerID,
      'letters, digits, "_", "." and "-", starting with a letter or digit',
    );
  }
  const ifName = required(env, 'CNI_IFNAME', command);
  if (!IF_NAME.test(ifName) || ifName === '.' || ifName === '..') {
    throw invalid('CNI_IFNAME', ifName, 'a Linux interface name: 1-15 characters without spaces, "/" or ":"');
  }
  const netns = command === 'DEL' ? optional(env, 'CNI_NETNS') : required(env, 'CNI_NETNS', command);
  return {
    containerID,
    ifName,
    netns,
    args: parseCniArgs(env.CNI_ARGS),
    path: (env.CNI_PATH ?? '').split(':').filter((p) => p !== ''),
  };
}

function required(env: NodeJS.ProcessEnv, name: string, command: string): string {
  const value = optional(env, name);
  if (value === undefined) {
    throw new CniError('INVALID_ENVIRONMENT', `${name} is required for ${command} but not set`, {
      details: { variable: name, command },
    });
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function invalid(name: string, value: string, expected: string): CniError {
  return new CniError(
    'INVALID_ENVIRONMENT',
    `${name}=${JSON.stringify(value)} is invalid: expected ${expected}`,
    {
      details: { variable: name, value },
    },
  );
}
