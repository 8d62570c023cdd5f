import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { crdFiles } from './crd.js';

/**
 * Writes `deploy/kubernetes/crds/*.yaml` from the kinds table. Run after a build:
 * `node dist/datastore/kubernetes/generate-crds.js`. The test `crd.test.ts` fails when the committed
 * files differ from what this produces, so the shipped CRDs cannot drift from the model.
 */

/** `deploy/kubernetes/crds/` in the source tree, found from this file whether it runs from dist/ or not. */
export function crdDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${join('dist', 'datastore')}`)
    ? resolve(here, '../../..')
    : resolve(here, '../..');
  return join(root, 'deploy', 'kubernetes', 'crds');
}

export async function writeCrds(directory = crdDirectory()): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files = crdFiles();
  // A kind that left the table must not leave its CRD behind.
  for (const name of await readdir(directory)) {
    if (name.endsWith('.yaml') && !files.has(name)) await rm(join(directory, name));
  }
  for (const [name, text] of files) await writeFile(join(directory, name), text);
  return [...files.keys()].map((name) => join(directory, name));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of await writeCrds()) process.stdout.write(`wrote ${path}\n`);
}
