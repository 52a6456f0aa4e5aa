// Kubernetes label selectors, evaluated the way the apiserver does, so "a PodDisruptionBudget / Service selects
// this workload's pods" means what it will mean in the cluster.

export type Labels = Readonly<Record<string, string>>;

interface SelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/**
 * A metav1.LabelSelector (`matchLabels` + `matchExpressions`, as PodDisruptionBudgets and workloads use).
 * An empty selector `{}` selects every pod; an absent one (null/undefined) selects none.
 */
export function labelSelectorMatches(selector: unknown, labels: Labels): boolean {
  if (typeof selector !== 'object' || selector === null) return false;
  const { matchLabels, matchExpressions } = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  if (matchLabels !== undefined && !mapSelectorMatches(matchLabels, labels, true)) return false;
  if (Array.isArray(matchExpressions)) {
    for (const requirement of matchExpressions as SelectorRequirement[]) {
      if (!requirementMatches(requirement, labels)) return false;
    }
  }
  return true;
}

/**
 * A plain map selector (`Service.spec.selector`). For a Service an empty or absent selector selects nothing
 * (its endpoints are managed by hand), so `emptyMatchesAll` is false there.
 */
export function mapSelectorMatches(selector: unknown, labels: Labels, emptyMatchesAll = false): boolean {
  if (typeof selector !== 'object' || selector === null) return false;
  const entries = Object.entries(selector as Record<string, unknown>);
  if (entries.length === 0) return emptyMatchesAll;
  return entries.every(([key, value]) => labels[key] === String(value));
}

function requirementMatches(requirement: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const values = (requirement.values ?? []).map(String);
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(labels[requirement.key] as string);
    case 'NotIn':
      return !has || !values.includes(labels[requirement.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // The apiserver rejects unknown operators; a selector it would reject selects nothing.
      return false;
  }
}
