// Shared helpers: where the repo root is, which folder a file lives in, and which
// module specifiers a file mentions.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root is two levels above this plugin (tools/eslint-plugin-twill/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const toPosix = (p) => p.split(path.sep).join('/');

/**
 * The linted file's path relative to the repo root, posix style ("bgp/wire/x.ts").
 * Relative filenames (as RuleTester or `lintText` may pass them) are taken as repo-relative.
 * Returns null for files outside the repo.
 */
export function repoRelative(filename) {
  const rel = toPosix(path.relative(REPO_ROOT, path.resolve(REPO_ROOT, filename)));
  return rel.startsWith('../') || rel === '..' || path.isAbsolute(rel) ? null : rel;
}

/** Top-level folder of a repo-relative path, or null for files at the root. */
export function topFolder(rel) {
  const i = rel.indexOf('/');
  return i === -1 ? null : rel.slice(0, i);
}

export const isRelative = (spec) => spec === '.' || spec === '..' || /^\.\.?\//.test(spec);

/**
 * Resolve a relative or absolute specifier used in `fromRel` (repo-relative file path) to a
 * repo-relative path. Returns undefined for bare specifiers (packages, node: builtins),
 * and null when the target escapes the repo root.
 */
export function resolveSpecifier(fromRel, spec) {
  if (!isRelative(spec) && !spec.startsWith('/')) return undefined;
  const target = spec.startsWith('/')
    ? path.posix.normalize(toPosix(path.relative(REPO_ROOT, spec)))
    : path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  return target === '..' || target.startsWith('../') || path.isAbsolute(target) ? null : target;
}

/**
 * ESLint visitors calling `check(specifier, node)` for every statically known module specifier:
 * import / import type, export ... from, export * from, import('...'), import x = require('...'),
 * and `typeof import('...')` types. Dynamic imports of computed strings cannot be checked and are skipped.
 */
export function specifierVisitors(check) {
  const fromLiteral = (lit) => {
    if (lit?.type === 'Literal' && typeof lit.value === 'string') check(lit.value, lit);
    else if (lit?.type === 'TemplateLiteral' && lit.expressions.length === 0)
      check(lit.quasis[0].value.cooked, lit);
  };
  return {
    ImportDeclaration: (node) => fromLiteral(node.source),
    ExportNamedDeclaration: (node) => fromLiteral(node.source),
    ExportAllDeclaration: (node) => fromLiteral(node.source),
    ImportExpression: (node) => fromLiteral(node.source),
    TSExternalModuleReference: (node) => fromLiteral(node.expression),
    TSImportType: (node) => fromLiteral(node.source ?? node.argument?.literal),
  };
}
