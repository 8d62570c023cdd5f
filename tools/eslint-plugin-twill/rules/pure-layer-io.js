// twill/pure-layer-io: pure layers (bgp/wire, bgp/fsm, ...; list in ../layers.js) must not import
// node I/O modules, so they stay deterministic and testable without sockets, files or processes.
import { IO_MODULES, PURE_EXCEPTIONS, PURE_LAYERS, TEST_FILE } from '../layers.js';
import { repoRelative, specifierVisitors } from '../paths.js';

function isIoModule(spec) {
  const name = spec.startsWith('node:') ? spec.slice('node:'.length) : spec;
  return IO_MODULES.some((m) => name === m || name.startsWith(`${m}/`));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid node I/O modules in pure layers' },
    schema: [],
    messages: {
      io: "{{layer}} is a pure layer and may not import the I/O module '{{spec}}'; take data in and do I/O at the edges",
    },
  },
  create(context) {
    const fileRel = repoRelative(context.filename);
    // Tests may use I/O (temp files, sockets) to exercise pure code.
    if (fileRel === null || TEST_FILE.test(fileRel)) return {};
    if (PURE_EXCEPTIONS.some((re) => re.test(fileRel))) return {};
    const layer = PURE_LAYERS.find((p) => fileRel.startsWith(p));
    if (layer === undefined) return {};

    return specifierVisitors((spec, node) => {
      if (isIoModule(spec)) context.report({ node, messageId: 'io', data: { layer, spec } });
    });
  },
};
