/**
 * Reads resource documents from files or stdin (`-f -`): multi-document YAML, JSON (YAML 1.2 reads it
 * too), and `kind: List` / `items:` wrappers, as kubectl and calicoctl accept them. Each document keeps
 * where it came from (`pools.yaml:doc 2`) so an error points at the document to fix.
 */
import { readFileSync } from 'node:fs';

import { parseAllDocuments } from 'yaml';

import { errorMessage } from '../../common/index.js';
import { CtlError } from './control-client.js';

export interface ResourceDocument {
  /** `FILE:doc N` (1-based), with `:item M` inside a List. */
  readonly origin: string;
  readonly value: unknown;
}

export function readResourceFiles(files: readonly string[], readStdin: () => string): ResourceDocument[] {
  if (files.length === 0) throw new CtlError('USAGE', 'give the resources with -f FILE (or -f - for stdin)');
  return files.flatMap((file) => {
    let text: string;
    try {
      text = file === '-' ? readStdin() : readFileSync(file, 'utf8');
    } catch (error) {
      throw new CtlError('USAGE', `${file}: ${errorMessage(error)}`);
    }
    return parseResourceText(file === '-' ? 'stdin' : file, text);
  });
}

export function parseResourceText(name: string, text: string): ResourceDocument[] {
  const out: ResourceDocument[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const origin = `${name}:doc ${index + 1}`;
    const error = document.errors[0];
    if (error !== undefined) throw new CtlError('USAGE', `${origin}: not YAML or JSON: ${error.message}`);
    const value: unknown = document.toJS();
    // An empty document (a trailing `---`, a comment-only file) holds nothing to apply.
    if (value === null || value === undefined) return;
    if (isList(value)) {
      value.items.forEach((item, i) => out.push({ origin: `${origin}:item ${i + 1}`, value: item }));
    } else out.push({ origin, value });
  });
  if (out.length === 0) throw new CtlError('USAGE', `${name}: no resources in it`);
  return out;
}

function isList(value: unknown): value is { items: unknown[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const object = value as { kind?: unknown; items?: unknown };
  return (
    Array.isArray(object.items) &&
    (object.kind === undefined || (typeof object.kind === 'string' && object.kind.endsWith('List')))
  );
}
