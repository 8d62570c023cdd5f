/**
 * A compiled policy: the rules of a PolicyConfig turned into predicates and set functions once per
 * configuration, then evaluated per route (at ingest for import, per best-path change for export).
 * Rules run in order; a matching rule applies its `set`, then stops with `accept` / `reject` or lets the
 * next rule look (`continue`); the first terminal verdict wins, else the default.
 *
 * `evaluate` also returns the indices of the rules that matched (`trace`): the result for one attribute
 * set depends only on that sequence, so callers cache interned results per (attribute set, trace) and a
 * 500-prefix UPDATE whose prefixes all match the same rules builds its new attributes once.
 */
import type { RouteAttributes } from '../rib/route-attributes.js';
import { compileMatch, type PolicyRoute, type RoutePredicate } from './match.js';
import type { PolicyConfig, PolicyVerdict, RuleAction } from './policy-config.js';
import { PolicyError } from './policy-error.js';
import { compileSet, type PolicyEnv, type SetFunction } from './set-actions.js';

export type PolicyDirection = 'import' | 'export';

export interface PolicyResult {
  readonly verdict: PolicyVerdict;
  /** The attributes after the `set`s of the matched rules; the input object itself when none changed it. */
  readonly attributes: RouteAttributes;
  /** Indices of the matched rules, joined by ','; '' when none matched. */
  readonly trace: string;
}

interface CompiledRule {
  readonly matches: RoutePredicate;
  readonly set: SetFunction | undefined;
  readonly then: RuleAction;
}

export class CompiledPolicy {
  private constructor(
    private readonly rules: readonly CompiledRule[],
    readonly defaultVerdict: PolicyVerdict,
    /** The configuration it was compiled from (to tell whether a reconfiguration changed it). */
    readonly source: PolicyConfig,
  ) {}

  /** Compiles `config`; `path` prefixes field paths in errors ("peers[0].importPolicy"). */
  static compile(config: PolicyConfig, direction: PolicyDirection, path = 'policy'): CompiledPolicy {
    const rules = config.rules.map((rule, i) => {
      const at = `${path}.rules[${i}]${rule.name === undefined ? '' : ` (${rule.name})`}`;
      if (direction === 'import' && rule.set?.nextHop === 'self')
        throw new PolicyError('INVALID_POLICY', `${at}.set.nextHop: 'self' only applies to export policies`);
      const then = rule.then ?? 'continue';
      const set = compileSet(rule.set);
      if (then === 'continue' && set === undefined)
        throw new PolicyError('INVALID_POLICY', `${at}: does nothing (give 'set' or 'then: accept|reject')`);
      return { matches: compileMatch(rule.match, `${at}.match`), set, then };
    });
    return new CompiledPolicy(rules, config.default, config);
  }

  evaluate(route: PolicyRoute, env: PolicyEnv): PolicyResult {
    let attributes = route.attributes;
    let trace = '';
    let current = route;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as CompiledRule;
      if (!rule.matches(current)) continue;
      trace = trace === '' ? String(i) : `${trace},${i}`;
      if (rule.set !== undefined) {
        attributes = rule.set(attributes, env);
        // Later rules see what earlier ones set (a rule may match a community a previous one added).
        current = { ...route, attributes };
      }
      if (rule.then !== 'continue') return { verdict: rule.then, attributes, trace };
    }
    return { verdict: this.defaultVerdict, attributes, trace };
  }
}
