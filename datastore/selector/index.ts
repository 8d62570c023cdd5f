export { ALL, combine, type Labels, type SelectorNode } from './ast.js';
export { matches } from './evaluate.js';
export {
  LABEL_SELECTOR_OPERATORS,
  labelSelectorToNode,
  type LabelSelector,
  type LabelSelectorOperator,
  type LabelSelectorRequirement,
} from './label-selector.js';
export { parseSelector } from './parse.js';
export { printSelector } from './print.js';
export { Selector } from './selector.js';
