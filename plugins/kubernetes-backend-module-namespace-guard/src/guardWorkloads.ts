import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ClusterObjects,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import type {
  KubernetesObjectsProvider,
  KubernetesServiceLocator,
} from '@backstage/plugin-kubernetes-node';
import type { NamespaceAccess } from '@internal/plugin-k8s-namespace-policy-node';
import { currentRequest } from './requestContext';

const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/**
 * Drops the clusters where the entity's declared namespace is denied, so the fan-out never asks
 * them; with no cluster left the request fails with the audited 403.
 */
export function guardServiceLocator(
  base: KubernetesServiceLocator,
  access: NamespaceAccess,
): KubernetesServiceLocator {
  return {
    async getClustersByEntity(entity, context) {
      const located = await base.getClustersByEntity(entity, context);
      const namespace = entity.metadata.annotations?.[NAMESPACE_ANNOTATION];
      if (!namespace || !located.clusters.length) return located;
      const decisions = await access.check({
        credentials: context.credentials,
        refs: located.clusters.map(c => ({ cluster: c.name, namespace })),
        via: 'workloads',
        request: currentRequest(),
      });
      const clusters = located.clusters.filter((_, i) => decisions[i].allowed);
      if (!clusters.length) throw decisions[0].error;
      return { clusters };
    },
  };
}

type Obj = { metadata?: { namespace?: string } };

/**
 * Removes objects in denied namespaces from a workloads answer. It matters for entities without a
 * namespace annotation, whose label selector is listed across all namespaces.
 */
async function filterResponse(
  response: ObjectsByEntityResponse,
  credentials: BackstageCredentials,
  access: NamespaceAccess,
): Promise<ObjectsByEntityResponse> {
  const seen = new Map<string, { cluster: string; namespace: string }>();
  const note = (cluster: string, o: Obj | undefined) => {
    const namespace = o?.metadata?.namespace;
    if (namespace !== undefined)
      seen.set(`${cluster}/${namespace}`, { cluster, namespace });
  };
  for (const item of response.items) {
    for (const r of item.resources)
      for (const o of r.resources as Obj[]) note(item.cluster.name, o);
    for (const m of item.podMetrics ?? [])
      note(item.cluster.name, m.pod as Obj);
  }
  if (!seen.size) return response;
  const refs = [...seen.values()];
  const decisions = await access.check({
    credentials,
    refs,
    via: 'workloads',
    request: currentRequest(),
  });
  const denied = new Set(
    refs
      .filter((_, i) => !decisions[i].allowed)
      .map(r => `${r.cluster}/${r.namespace}`),
  );
  if (!denied.size) return response;
  const keep = (cluster: string, o: Obj | undefined) =>
    !denied.has(`${cluster}/${o?.metadata?.namespace ?? ''}`);
  return {
    items: response.items.map(
      (item): ClusterObjects => ({
        ...item,
        resources: item.resources.map(r => ({
          ...r,
          resources: (r.resources as Obj[]).filter(o =>
            keep(item.cluster.name, o),
          ),
        })) as ClusterObjects['resources'],
        podMetrics: (item.podMetrics ?? []).filter(m =>
          keep(item.cluster.name, m.pod as Obj),
        ),
      }),
    ),
  };
}

/** Wraps the objects provider so every answer holds only namespaces the user may see. */
export function guardObjectsProvider(
  base: KubernetesObjectsProvider,
  access: NamespaceAccess,
): KubernetesObjectsProvider {
  return {
    async getKubernetesObjectsByEntity(request, options) {
      return filterResponse(
        await base.getKubernetesObjectsByEntity(request, options),
        options.credentials,
        access,
      );
    },
    async getCustomResourcesByEntity(request, options) {
      return filterResponse(
        await base.getCustomResourcesByEntity(request, options),
        options.credentials,
        access,
      );
    },
  };
}
