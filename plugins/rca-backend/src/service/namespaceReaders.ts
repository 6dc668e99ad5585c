import type {
  NamespaceOwnerResolver,
  KubernetesNamespaceResource,
} from '@internal/plugin-k8s-namespace-policy-node';

/**
 * Who may read a namespace under the namespace policy, as a report records it: its owners; `*`
 * (anyone) for an unmapped namespace on a cluster that is not strict; nobody but admins otherwise,
 * and for the cluster scope (`<cluster>/`).
 */
export async function namespaceReaders(
  resolver: Pick<NamespaceOwnerResolver, 'resolve'>,
  ref: { cluster: string; namespace: string },
): Promise<string[]> {
  const resource: KubernetesNamespaceResource = await resolver.resolve(ref);
  // Cluster-scoped objects (a report naming nodes) are for admins only, strict or not.
  if (resource.source === 'cluster-scope') return [];
  if (resource.mapped) return resource.owners;
  return resource.strict ? [] : ['*'];
}
