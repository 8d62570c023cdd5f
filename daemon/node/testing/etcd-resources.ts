#!/usr/bin/env node
// For lab tests whose etcd runs in a namespace the test process cannot reach: run inside that namespace.
//   node etcd-resources.js apply ENDPOINT FILE   create or replace every resource of a JSON array
//   node etcd-resources.js get ENDPOINT KIND NAME   print one resource as JSON
import { readFileSync } from 'node:fs';

import { errorCode } from '../../../common/index.js';
import {
  EtcdBackend,
  validateResource,
  type AnyResource,
  type ResourceKind,
} from '../../../datastore/index.js';

async function main([command, endpoint, ...rest]: string[]): Promise<void> {
  if (endpoint === undefined)
    throw new Error('usage: etcd-resources (apply ENDPOINT FILE | get ENDPOINT KIND NAME)');
  const backend = new EtcdBackend({ endpoints: [endpoint] });
  try {
    if (command === 'apply') {
      const items = JSON.parse(readFileSync(rest[0] ?? '', 'utf8')) as unknown[];
      for (const item of items) {
        const resource = validateResource(item) as AnyResource;
        try {
          await backend.create(resource);
        } catch (error) {
          if (errorCode(error) !== 'ALREADY_EXISTS') throw error;
          const stored = await backend.get(
            resource.kind,
            resource.metadata.name,
            resource.metadata.namespace,
          );
          await backend.update({
            ...resource,
            metadata: { ...resource.metadata, resourceVersion: stored.metadata.resourceVersion },
          } as AnyResource);
        }
      }
    } else if (command === 'get') {
      const resource = await backend.get(rest[0] as ResourceKind, rest[1] ?? '');
      process.stdout.write(`${JSON.stringify(resource)}\n`);
    } else throw new Error(`unknown command ${String(command)}`);
  } finally {
    await backend.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
