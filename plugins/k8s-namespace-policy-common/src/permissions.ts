import { createPermission } from '@backstage/plugin-permission-common';

/**
 * A Kubernetes namespace in one cluster. Its resource ref is `<cluster>/<namespace>`; an empty
 * namespace (`<cluster>/`) stands for the cluster-scoped objects (nodes, the namespace list…).
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_RESOURCE_TYPE = 'kubernetes-namespace';

/**
 * See a namespace's objects: through the Kubernetes proxy, on the entity's Kubernetes tab, and as
 * evidence in an RCA report.
 *
 * @public
 */
export const kubernetesNamespaceReadPermission = createPermission({
  name: 'kubernetes.namespace.read',
  attributes: { action: 'read' },
  resourceType: KUBERNETES_NAMESPACE_RESOURCE_TYPE,
});

/**
 * Change a namespace's objects through the Kubernetes proxy: any method but GET, HEAD and OPTIONS,
 * and `exec`, `attach`, `portforward` and `proxy` whatever the method. The ref `<cluster>/` stands
 * for cluster-scoped writes (nodes, namespaces, cluster roles…).
 *
 * @public
 */
export const kubernetesNamespaceWritePermission = createPermission({
  name: 'kubernetes.namespace.write',
  attributes: { action: 'update' },
  resourceType: KUBERNETES_NAMESPACE_RESOURCE_TYPE,
});

/** @public */
export const kubernetesNamespacePermissions = [
  kubernetesNamespaceReadPermission,
  kubernetesNamespaceWritePermission,
];
