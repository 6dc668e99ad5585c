import type { CollectorContext, RcaTarget } from '../../contracts';
import type { TargetObjects } from './kubeFacts';
import type { ClusterReader, Page } from './ClusterReader';
import { readNamespaceObjects } from './readNamespaceObjects';
import { readConfigMapContents } from './configMapContents';

/**
 * The workloads of one target in one cluster, listed by its label selector in the namespaces the
 * gate allowed there (never all namespaces), then what they refer to in each namespace.
 * Undefined when the target has no allowed namespace in this cluster.
 */
export async function readTargetObjects(
  reader: ClusterReader,
  target: RcaTarget,
  ctx: CollectorContext,
  lookbackMs: number,
): Promise<TargetObjects | undefined> {
  const { labelSelector, namespace } = target.kubernetes!;
  // Under a namespace policy only the namespaces the user may see are asked for.
  // Only the namespaces the gate allowed in this cluster; never all namespaces.
  const scopes = (target.allowedNamespaces?.get(reader.name) ?? []).filter(
    s => !namespace || s === namespace,
  );
  if (!scopes.length) return undefined;
  ctx.query(
    `kubernetes ${reader.name}: ${
      target.entityRef
    } → labelSelector=${labelSelector} in namespace ${scopes.join(', ')}`,
  );
  const objects = await listWorkloads(reader, target, scopes, labelSelector);
  await Promise.all([
    ...objects.namespaces.map(ns =>
      readNamespaceObjects(reader, ns, objects, ctx.input.window, lookbackMs),
    ),
    readConfigMapContents(reader, objects),
  ]);
  return objects;
}

async function listWorkloads(
  reader: ClusterReader,
  target: RcaTarget,
  scopes: string[],
  labelSelector: string,
): Promise<TargetObjects> {
  const { api } = reader;
  const list = <T>(plural: string, ns: (p: object) => Promise<Page<T>>) =>
    Promise.all(
      scopes.map(s =>
        reader.listAll<T>(`list ${plural} in namespace ${s}`, p =>
          ns({ namespace: s, labelSelector, ...p }),
        ),
      ),
    ).then(r => r.flatMap(x => x ?? []));
  const [
    pods,
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    controllerRevisions,
    services,
    ingresses,
    hpas,
    jobs,
  ] = await Promise.all([
    list('pods', p => api.core.listNamespacedPod(p as never)),
    list('deployments', p => api.apps.listNamespacedDeployment(p as never)),
    list('replicasets', p => api.apps.listNamespacedReplicaSet(p as never)),
    list('statefulsets', p => api.apps.listNamespacedStatefulSet(p as never)),
    list('daemonsets', p => api.apps.listNamespacedDaemonSet(p as never)),
    list('controllerrevisions', p =>
      api.apps.listNamespacedControllerRevision(p as never),
    ),
    list('services', p => api.core.listNamespacedService(p as never)),
    list('ingresses', p => api.networking.listNamespacedIngress(p as never)),
    list('horizontalpodautoscalers', p =>
      api.autoscaling.listNamespacedHorizontalPodAutoscaler(p as never),
    ),
    list('jobs', p => api.batch.listNamespacedJob(p as never)),
  ]);
  const namespaces = new Set<string>(scopes);
  for (const o of [
    ...pods,
    ...deployments,
    ...services,
    ...replicaSets,
    ...daemonSets,
  ]) {
    if (o.metadata?.namespace) namespaces.add(o.metadata.namespace);
  }
  return {
    target,
    namespaces: [...namespaces],
    pods,
    deployments,
    replicaSets,
    statefulSets,
    daemonSets,
    controllerRevisions,
    services,
    ingresses,
    hpas,
    jobs,
    endpoints: [],
    namespaceServices: [],
    pvcs: [],
    quotas: [],
    limitRanges: [],
    networkPolicies: [],
    configMaps: [],
    configMapContents: [],
    secrets: [],
    roles: [],
    roleBindings: [],
    events: [],
  };
}
