import type { Labels, SelectorNode } from './ast.js';
import { matches } from './evaluate.js';
import { labelSelectorToNode, type LabelSelector } from './label-selector.js';
import { parseSelector } from './parse.js';
import { printSelector } from './print.js';

/** A selector parsed once and evaluated many times (once per node, pod or peer on every update). */
export class Selector {
  private constructor(
    readonly node: SelectorNode,
    /** Canonical text; two selectors with the same text select the same labels. */
    readonly text: string,
  ) {}

  static parse(source: string): Selector {
    const node = parseSelector(source);
    return new Selector(node, printSelector(node));
  }

  static fromLabelSelector(selector: LabelSelector): Selector {
    const node = labelSelectorToNode(selector);
    return new Selector(node, printSelector(node));
  }

  matches(labels: Labels | undefined): boolean {
    return matches(this.node, labels ?? {});
  }

  toString(): string {
    return this.text;
  }
}
