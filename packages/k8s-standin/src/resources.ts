/** The API subset served: enough for the RCA engine and for Backstage's Kubernetes tab. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const table: Array<[string, string, string, string, boolean]> = [
  ['', 'v1', 'pods', 'Pod', true],
  ['', 'v1', 'events', 'Event', true],
  ['', 'v1', 'services', 'Service', true],
  ['', 'v1', 'endpoints', 'Endpoints', true],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true],
  ['', 'v1', 'configmaps', 'ConfigMap', true],
  ['', 'v1', 'limitranges', 'LimitRange', true],
  ['', 'v1', 'nodes', 'Node', false],
  ['', 'v1', 'namespaces', 'Namespace', false],
  ['apps', 'v1', 'deployments', 'Deployment', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  ['batch', 'v1', 'jobs', 'Job', true],
  ['batch', 'v1', 'cronjobs', 'CronJob', true],
  [
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
  ],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false],
  ['core.k8sgpt.ai', 'v1alpha1', 'results', 'Result', true],
];

export const RESOURCE_TYPES: ResourceType[] = table.map(
  ([group, version, plural, kind, namespaced]) => ({
    group,
    version,
    plural,
    kind,
    namespaced,
  }),
);

export function apiPrefix(t: { group: string; version: string }): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}
