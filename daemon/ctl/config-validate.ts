/**
 * `twillctl config validate [--node-config FILE] [-f RESOURCES]...`: checks a twill-node configuration
 * file (every issue with its key and where the value came from, as twill-node would report them at
 * start) and resource files (model validation plus the offline cross-checks), without a datastore.
 * Exit code 0: valid; 1: problems (listed on stdout, one per line).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

import { errorMessage } from '../../common/index.js';
import { describeSource, loadNodeConfig, NodeConfigError } from '../node/config/index.js';
import { flagValue, type CtlArgs } from './argv.js';
import type { CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { crossCheckResources } from './resource-cross-checks.js';
import { readResourceFiles } from './resource-files.js';
import { describeInvalid, validateResourceDocument, type ValidDocument } from './resource-validate.js';

export async function configCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const [, sub] = args.positional;
  const nodeConfig = flagValue(args, 'node-config');
  const files = args.values.get('filename') ?? [];
  if (sub !== 'validate' || args.positional.length > 2 || (nodeConfig === undefined && files.length === 0))
    throw new CtlError('USAGE', 'usage: twillctl config validate [--node-config FILE] [-f RESOURCES]...');
  const problems: string[] = [];
  const warnings: string[] = [];
  if (nodeConfig !== undefined) checkNodeConfig(nodeConfig, io, problems, warnings);
  if (files.length > 0) {
    const valid: ValidDocument[] = [];
    let documents: ReturnType<typeof readResourceFiles> = [];
    try {
      documents = readResourceFiles(files, io.readStdin);
    } catch (error) {
      // A file that does not parse is a finding of `validate`, not a usage error.
      problems.push(errorMessage(error));
    }
    for (const document of documents) {
      try {
        valid.push(validateResourceDocument(document, flagValue(args, 'namespace') ?? 'default'));
      } catch (error) {
        problems.push(...describeInvalid(document.origin, error));
      }
    }
    const cross = crossCheckResources(valid);
    problems.push(...cross.errors);
    warnings.push(...cross.warnings);
    if (cross.errors.length === 0) io.stderr(`${valid.length} resource(s) checked\n`);
  }
  for (const warning of warnings) io.stdout(`warning: ${warning}\n`);
  for (const problem of problems) io.stdout(`${problem}\n`);
  io.stdout(problems.length === 0 ? 'valid\n' : `invalid: ${problems.length} problem(s)\n`);
  return problems.length === 0 ? 0 : 1;
}

function checkNodeConfig(file: string, io: CtlIo, problems: string[], warnings: string[]): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: ${errorMessage(error)}`);
    return;
  }
  try {
    // With this shell's TWILL_* variables, as twill-node started from it would see them.
    const loaded = loadNodeConfig({ file: { path: file, text }, env: io.env, hostname: os.hostname() });
    for (const name of loaded.unusedEnvironment)
      warnings.push(`environment variable ${name} is set but twill-node reads no such variable`);
  } catch (error) {
    if (error instanceof NodeConfigError && error.issues.length > 0) {
      for (const issue of error.issues)
        problems.push(`${file}: ${issue.key} (${describeSource(issue.source)}): ${issue.message}`);
    } else problems.push(errorMessage(error));
  }
}
