import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { eventTime, inWindow, type TargetObjects } from './kubeFacts';
import type { ClusterReader } from './ClusterReader';
import { matchesSelector } from './labelSelector';

type Window = { from: Date; to: Date };

/**
 * What a target's workloads refer to in one namespace (endpoints, claims, quotas, policies,
 * ConfigMap metadata), and the events about its objects, added to `objects`.
 */
export async function readNamespaceObjects(
  reader: ClusterReader,
  ns: string,
  objects: TargetObjects,
  window: Window,
  lookbackMs: number,
): Promise<void> {
  const pods = objects.pods.filter(p => p.metadata?.namespace === ns);
  const claimed = new Set(
    pods
      .flatMap(p =>
        (p.spec?.volumes ?? []).map(v => v.persistentVolumeClaim?.claimName),
      )
      .filter(Boolean),
  );
  const referenced = new Set(pods.flatMap(configMapRefs));
  const listed = await listReferenced(reader, ns, objects, {
    claims: claimed.size > 0,
    configMaps: referenced.size > 0,
  });
  objects.namespaceServices.push(...(listed.allServices ?? []));
  const serviceNames = new Set(
    objects.services
      .filter(s => s.metadata?.namespace === ns)
      .map(s => s.metadata?.name),
  );
  objects.endpoints.push(
    ...(listed.endpoints ?? []).filter(e => serviceNames.has(e.metadata?.name)),
  );
  objects.pvcs.push(
    ...(listed.pvcs ?? []).filter(c => claimed.has(c.metadata?.name)),
  );
  objects.quotas.push(...(listed.quotas ?? []));
  objects.networkPolicies.push(
    ...(listed.policies ?? []).filter(np =>
      pods.some(p =>
        matchesSelector(np.spec?.podSelector, p.metadata?.labels ?? {}),
      ),
    ),
  );
  for (const cm of listed.configMaps ?? []) {
    if (!referenced.has(cm.metadata?.name ?? '')) continue;
    // Keep metadata only: config data has no business in a report.
    objects.configMaps.push({ metadata: cm.metadata } as typeof cm);
  }
  addEvents(objects, ns, listed.events, window, lookbackMs);
}

/** Lists only what the pods refer to: a namespace's ConfigMaps can be megabytes of data. */
async function listReferenced(
  reader: ClusterReader,
  ns: string,
  objects: TargetObjects,
  needs: { claims: boolean; configMaps: boolean },
) {
  const { api } = reader;
  const [events, endpoints, pvcs, quotas, policies, configMaps, allServices] =
    await Promise.all([
      reader.eventsIn(ns),
      objects.services.some(s => s.metadata?.namespace === ns)
        ? reader.listAll(`list endpoints in namespace ${ns}`, p =>
            api.core.listNamespacedEndpoints({ namespace: ns, ...p }),
          )
        : undefined,
      needs.claims
        ? reader.listAll(`list persistentvolumeclaims in namespace ${ns}`, p =>
            api.core.listNamespacedPersistentVolumeClaim({
              namespace: ns,
              ...p,
            }),
          )
        : undefined,
      reader.listAll(`list resourcequotas in namespace ${ns}`, p =>
        api.core.listNamespacedResourceQuota({ namespace: ns, ...p }),
      ),
      reader.listAll(`list networkpolicies in namespace ${ns}`, p =>
        api.networking.listNamespacedNetworkPolicy({ namespace: ns, ...p }),
      ),
      needs.configMaps
        ? reader.listAll(`list configmaps in namespace ${ns}`, p =>
            api.core.listNamespacedConfigMap({ namespace: ns, ...p }),
          )
        : undefined,
      objects.ingresses.some(i => i.metadata?.namespace === ns)
        ? reader.listAll(`list services in namespace ${ns}`, p =>
            api.core.listNamespacedService({ namespace: ns, ...p }),
          )
        : undefined,
    ]);
  return { events, endpoints, pvcs, quotas, policies, configMaps, allServices };
}

/** Events about the target's own objects in the namespace, inside the window and its lead-in. */
function addEvents(
  objects: TargetObjects,
  ns: string,
  events: CoreV1Event[] | undefined,
  window: Window,
  lookbackMs: number,
) {
  const names = new Set<string>();
  const add = (
    kind: string,
    list: Array<{ metadata?: { name?: string; namespace?: string } }>,
  ) =>
    list
      .filter(o => o.metadata?.namespace === ns)
      .forEach(o => names.add(`${kind}/${o.metadata?.name}`));
  add('Pod', objects.pods);
  add('Deployment', objects.deployments);
  add('ReplicaSet', objects.replicaSets);
  add('StatefulSet', objects.statefulSets);
  add('Service', objects.services);
  add('Ingress', objects.ingresses);
  add('HorizontalPodAutoscaler', objects.hpas);
  add('Job', objects.jobs);
  add('PersistentVolumeClaim', objects.pvcs);
  for (const e of events ?? []) {
    const about = `${e.involvedObject?.kind}/${e.involvedObject?.name}`;
    if (names.has(about) && inWindow(eventTime(e), window, lookbackMs))
      objects.events.push(e);
  }
  objects.events.sort((a, b) =>
    (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''),
  );
}

function configMapRefs(pod: V1Pod): string[] {
  const names: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.configMap?.name) names.push(v.configMap.name);
    for (const s of v.projected?.sources ?? [])
      if (s.configMap?.name) names.push(s.configMap.name);
  }
  for (const c of [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ]) {
    for (const f of c.envFrom ?? [])
      if (f.configMapRef?.name) names.push(f.configMapRef.name);
    for (const e of c.env ?? [])
      if (e.valueFrom?.configMapKeyRef?.name)
        names.push(e.valueFrom.configMapKeyRef.name);
  }
  return names;
}
