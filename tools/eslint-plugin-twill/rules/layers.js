// twill/layers: enforce the import directions between top-level folders (table in ../layers.js).
import { LAYERS, TEST_EXTRA_IMPORTS, TEST_FILE } from '../layers.js';
import { repoRelative, resolveSpecifier, specifierVisitors, topFolder } from '../paths.js';

/** "common/; native/ only from bgp/session/" — the human form of one LAYERS entry. */
function describeAllowed(entries) {
  if (entries.length === 0) return 'nothing of ours';
  return entries
    .map((e) => (typeof e === 'string' ? `${e}/` : `${e.folder}/ only from ${e.onlyFrom}`))
    .join('; ');
}

function mayImport(fileRel, from, to) {
  if (from === to) return true;
  if (TEST_FILE.test(fileRel) && TEST_EXTRA_IMPORTS.includes(to)) return true;
  return (LAYERS[from] ?? []).some((e) =>
    typeof e === 'string' ? e === to : e.folder === to && fileRel.startsWith(e.onlyFrom),
  );
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import directions between top-level folders (see ARCHITECTURE)' },
    schema: [],
    messages: {
      forbidden: '{{from}} may not import {{to}} ({{from}} may import: {{allowed}})',
      unknownLayer:
        '{{from}} is not in the layer table (tools/eslint-plugin-twill/layers.js); it may not import {{to}}',
      escapesRoot: "'{{spec}}' resolves outside the repo root",
    },
  },
  create(context) {
    const fileRel = repoRelative(context.filename);
    if (fileRel === null) return {};
    // Root-level files (e.g. eslint.config.js) belong to no layer; they are checked like unknown folders.
    const from = topFolder(fileRel);

    return specifierVisitors((spec, node) => {
      const target = resolveSpecifier(fileRel, spec);
      if (target === undefined) return; // a package or node builtin, not ours
      if (target === null) {
        context.report({ node, messageId: 'escapesRoot', data: { spec } });
        return;
      }
      const to = topFolder(target);
      if (to !== null && from !== null && mayImport(fileRel, from, to)) return;
      const toLabel = to === null ? target : `${to}/`;
      if (from === null || !(from in LAYERS)) {
        context.report({
          node,
          messageId: 'unknownLayer',
          data: { from: from === null ? fileRel : `${from}/`, to: toLabel },
        });
        return;
      }
      context.report({
        node,
        messageId: 'forbidden',
        data: { from: `${from}/`, to: toLabel, allowed: describeAllowed(LAYERS[from]) },
      });
    });
  },
};
