/** The API subset served: enough for the RCA engine and for Backstage's Kubernetes tab. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** A custom resource: served only when this CustomResourceDefinition is among the objects. */
  crd?: string;
}

const table: Array<[string, string, string, string, boolean]> = [
  ['', 'v1', 'pods', 'Pod', true],
  ['', 'v1', 'events', 'Event', true],
  ['', 'v1', 'services', 'Service', true],
  ['', 'v1', 'endpoints', 'Endpoints', true],
  ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
  ['', 'v1', 'resourcequotas', 'ResourceQuota', true],
  ['', 'v1', 'configmaps', 'ConfigMap', true],
  ['', 'v1', 'secrets', 'Secret', true],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true],
  ['', 'v1', 'limitranges', 'LimitRange', true],
  ['', 'v1', 'nodes', 'Node', false],
  ['', 'v1', 'namespaces', 'Namespace', false],
  ['apps', 'v1', 'deployments', 'Deployment', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['apps', 'v1', 'statefulsets', 'StatefulSet', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  ['apps', 'v1', 'controllerrevisions', 'ControllerRevision', true],
  ['batch', 'v1', 'jobs', 'Job', true],
  ['batch', 'v1', 'cronjobs', 'CronJob', true],
  [
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
  ],
  ['events.k8s.io', 'v1', 'events', 'Event', true],
  ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true],
  ['networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true],
  ['networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false],
  ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true],
  ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false],
  [
    'rbac.authorization.k8s.io',
    'v1',
    'clusterrolebindings',
    'ClusterRoleBinding',
    false,
  ],
  ['storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false],
  [
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
  ],
];

/** Custom resources: [group, version, plural, kind, namespaced]; their CRD is `<plural>.<group>`. */
const customTable: Array<[string, string, string, string, boolean]> = [
  ['core.k8sgpt.ai', 'v1alpha1', 'results', 'Result', true],
];

export const RESOURCE_TYPES: ResourceType[] = [
  ...table.map(([group, version, plural, kind, namespaced]) => ({
    group,
    version,
    plural,
    kind,
    namespaced,
  })),
  ...customTable.map(([group, version, plural, kind, namespaced]) => ({
    group,
    version,
    plural,
    kind,
    namespaced,
    crd: `${plural}.${group}`,
  })),
];

export function apiPrefix(t: { group: string; version: string }): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}
