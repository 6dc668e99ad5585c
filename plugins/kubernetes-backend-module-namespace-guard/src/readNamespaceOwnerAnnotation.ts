import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import type { NamespaceRef } from '@internal/plugin-k8s-namespace-policy-common';

export const NAMESPACE_OWNER_ANNOTATION = 'backstage.io/owner';

/**
 * Reads `backstage.io/owner` from a Namespace object with the cluster's own credentials (as the
 * Kubernetes plugin would), for `namespaceOwnerAnnotation: true`.
 */
export function createNamespaceAnnotationReader(o: {
  clusterSupplier: () => KubernetesClustersSupplier | undefined;
  authStrategy: () => AuthenticationStrategy | undefined;
  getCredentials: () => Promise<BackstageCredentials>;
}) {
  return async (ref: NamespaceRef): Promise<string | undefined> => {
    const supplier = o.clusterSupplier();
    const strategy = o.authStrategy();
    if (!supplier || !strategy) return undefined;
    const clusters = await supplier.getClusters({
      credentials: await o.getCredentials(),
    });
    const cluster = clusters.find(c => c.name === ref.cluster);
    if (!cluster) return undefined;
    const credential = await strategy.getCredential(cluster, {});
    // Loaded like the Kubernetes plugin loads it: the package is ESM-only.
    const { CoreV1Api, KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: !!cluster.skipTLSVerify,
          caData: cluster.caData,
        },
      ],
      users: [
        {
          name: 'backstage',
          ...(credential.type === 'bearer token'
            ? { token: credential.token }
            : {}),
          ...(credential.type === 'x509 client certificate'
            ? { certData: credential.cert, keyData: credential.key }
            : {}),
        },
      ],
      contexts: [{ name: 'ctx', cluster: cluster.name, user: 'backstage' }],
      currentContext: 'ctx',
    });
    const ns = await kc
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: ref.namespace });
    return ns.metadata?.annotations?.[NAMESPACE_OWNER_ANNOTATION] || undefined;
  };
}
