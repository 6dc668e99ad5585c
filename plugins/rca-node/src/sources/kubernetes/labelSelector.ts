import type { V1LabelSelector } from '@kubernetes/client-node';

/** Evaluates a structured label selector (NetworkPolicy podSelector, Deployment selector). */
export function matchesSelector(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(labels[e.key])))
      return false;
    if (e.operator === 'NotIn' && has && values.includes(labels[e.key]))
      return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function selectsAll(selector: V1LabelSelector | undefined): boolean {
  return (
    !!selector &&
    !Object.keys(selector.matchLabels ?? {}).length &&
    !(selector.matchExpressions ?? []).length
  );
}

/** The label the API server sets on every namespace to its name: how policies name a namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
