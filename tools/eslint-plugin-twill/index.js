// Local ESLint plugin enforcing Twill's architecture; wired up in the repo's eslint.config.js.
// The allowed-imports table lives in ./layers.js.
import layers from './rules/layers.js';
import pureLayerIo from './rules/pure-layer-io.js';

export default {
  meta: { name: 'eslint-plugin-twill', version: '0.1.0' },
  rules: {
    layers,
    'pure-layer-io': pureLayerIo,
  },
};
