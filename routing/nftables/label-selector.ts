// Kubernetes LabelSelector matching, the small part of it NetworkPolicy needs. routing/ may not import
// datastore/ (whose selector language is Twill's own, richer one), so the compiler takes Kubernetes
// selectors as data and evaluates them here; the daemon passes policies through unchanged.
import { assertNever } from '../../common/index.js';
import type { LabelSelector, LabelSelectorRequirement } from './model.js';

type Labels = Readonly<Record<string, string>>;

export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((req) => matchesRequirement(req, labels));
}

function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key] as string);
    case 'NotIn':
      // As in Kubernetes: a pod without the key is "not in" any set of values.
      return !has || !values.includes(labels[req.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return assertNever(req.operator, 'label selector operator');
  }
}
