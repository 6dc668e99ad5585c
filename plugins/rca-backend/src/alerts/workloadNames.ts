/** Alert labels that name a workload, most specific first. */
export const WORKLOAD_LABELS = [
  'deployment',
  'statefulset',
  'daemonset',
  'job_name',
  'service',
  'container',
  'pod',
] as const;

/** The namespace label of kube-state-metrics, cAdvisor and most exporters. */
export const NAMESPACE_LABELS = ['namespace', 'exported_namespace'] as const;

/** Cluster labels as external labels usually name them. */
export const CLUSTER_LABELS = ['cluster', 'k8s_cluster'] as const;

/**
 * The workload names a pod name may stand for: `api-7d9f8c6b5-x2x4q` (Deployment), `db-0`
 * (StatefulSet), `agent-x2x4q` (DaemonSet or Job), longest first.
 */
export function podOwnerNames(pod: string): string[] {
  const names = [pod];
  const withoutSuffix = pod.replace(/-[a-z0-9]{5}$/, '');
  if (withoutSuffix !== pod) names.push(withoutSuffix);
  const withoutHash = withoutSuffix.replace(/-[a-z0-9]{6,10}$/, '');
  if (withoutHash !== withoutSuffix) names.push(withoutHash);
  const withoutOrdinal = pod.replace(/-\d+$/, '');
  if (withoutOrdinal !== pod) names.push(withoutOrdinal);
  return names;
}

/** The workload names an alert's labels point at, the pod's owners included. */
export function workloadNamesOf(labels: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const key of WORKLOAD_LABELS) {
    const value = labels[key];
    if (!value) continue;
    for (const name of key === 'pod' ? podOwnerNames(value) : [value])
      names.add(name);
  }
  return [...names];
}

/** Labels that name the workload itself; `service` and `container` only name it without one. */
const OWN_WORKLOAD_LABELS = [
  'deployment',
  'statefulset',
  'daemonset',
  'pod',
  'job_name',
] as const;

/**
 * The workload names an alert's labels point at, one group per label in priority order: the
 * matcher stops at the first group that names an entity. `service` and `container` count only
 * when no workload label is present (kube-state-metrics alerts carry its own service and container).
 */
export function workloadNameGroupsOf(
  labels: Record<string, string>,
): string[][] {
  const own = OWN_WORKLOAD_LABELS.filter(key => labels[key]);
  const keys = own.length ? own : (['service', 'container'] as const);
  return keys
    .filter(key => labels[key])
    .map(key => (key === 'pod' ? podOwnerNames(labels[key]) : [labels[key]]));
}

/** The first of `keys` the labels carry. */
export function firstLabel(
  labels: Record<string, string>,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) if (labels[key]) return labels[key];
  return undefined;
}
