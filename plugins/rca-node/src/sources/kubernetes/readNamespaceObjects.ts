import type { CoreV1Event } from '@kubernetes/client-node';
import { eventTime, inWindow, type TargetObjects } from './kubeFacts';
import { type ClusterReader, METADATA_ONLY } from './ClusterReader';
import { matchesSelector } from './labelSelector';
import {
  configMapRefs,
  metadataOnly,
  metadataPage,
  secretRefs,
} from './podReferences';

type Window = { from: Date; to: Date };

/**
 * What a target's workloads refer to in one namespace (claims, quotas, LimitRanges, policies,
 * ConfigMap and Secret metadata, the RBAC of their service accounts), the namespace's Services and
 * Endpoints (what Ingress backends and failing calls name), and the events about its objects,
 * added to `objects`. Namespace-wide lists are shared by every target in the namespace.
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
  const configMaps = new Set(pods.flatMap(configMapRefs));
  const secrets = new Set(pods.flatMap(secretRefs));
  const accounts = new Set(
    pods.map(p => p.spec?.serviceAccountName || 'default'),
  );
  const listed = await listReferenced(reader, ns, {
    claims: claimed.size > 0,
    configMaps: configMaps.size > 0,
    secrets: secrets.size > 0,
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
  (objects.namespaceEndpoints ??= []).push(...(listed.endpoints ?? []));
  objects.pvcs.push(
    ...(listed.pvcs ?? []).filter(c => claimed.has(c.metadata?.name)),
  );
  objects.quotas.push(...(listed.quotas ?? []));
  objects.limitRanges.push(...(listed.limitRanges ?? []));
  objects.networkPolicies.push(
    ...(listed.policies ?? []).filter(np =>
      pods.some(p =>
        matchesSelector(np.spec?.podSelector, p.metadata?.labels ?? {}),
      ),
    ),
  );
  for (const cm of listed.configMaps ?? [])
    if (configMaps.has(cm.metadata?.name ?? ''))
      objects.configMaps.push(metadataOnly(cm));
  for (const s of listed.secrets ?? [])
    if (secrets.has(s.metadata?.name ?? ''))
      objects.secrets.push(metadataOnly(s));
  const bindings = (listed.roleBindings ?? []).filter(b =>
    (b.subjects ?? []).some(
      s =>
        s.kind === 'ServiceAccount' &&
        accounts.has(s.name) &&
        (s.namespace ?? ns) === ns,
    ),
  );
  objects.roleBindings.push(...bindings);
  const roleNames = new Set(
    bindings.filter(b => b.roleRef.kind === 'Role').map(b => b.roleRef.name),
  );
  objects.roles.push(
    ...(listed.roles ?? []).filter(r => roleNames.has(r.metadata?.name ?? '')),
  );
  addEvents(objects, ns, listed.events, window, lookbackMs);
}

/** ConfigMaps or Secrets of a namespace as metadata only, reduced before the list is shared. */
function listMetadata(
  reader: ClusterReader,
  namespace: string,
  plural: 'configmaps' | 'secrets',
) {
  const { core } = reader.api;
  return reader.listShared(`${plural} (metadata only)`, namespace, p =>
    plural === 'secrets'
      ? metadataPage(
          core.listNamespacedSecret({ namespace, ...p }, METADATA_ONLY),
        )
      : metadataPage(
          core.listNamespacedConfigMap({ namespace, ...p }, METADATA_ONLY),
        ),
  );
}

/**
 * Lists what the pods may refer to, each once per namespace. ConfigMaps and Secrets are read as
 * metadata only: a namespace's ConfigMaps can be megabytes, and Secret values must never be read.
 */
async function listReferenced(
  reader: ClusterReader,
  ns: string,
  needs: { claims: boolean; configMaps: boolean; secrets: boolean },
) {
  const { api } = reader;
  const namespace = ns;
  const [
    events,
    endpoints,
    pvcs,
    quotas,
    limitRanges,
    policies,
    configMaps,
    secrets,
    allServices,
    roleBindings,
    roles,
  ] = await Promise.all([
    reader.eventsIn(ns),
    reader.listShared('endpoints', ns, p =>
      api.core.listNamespacedEndpoints({ namespace, ...p }),
    ),
    needs.claims
      ? reader.listShared('persistentvolumeclaims', ns, p =>
          api.core.listNamespacedPersistentVolumeClaim({ namespace, ...p }),
        )
      : undefined,
    reader.listShared('resourcequotas', ns, p =>
      api.core.listNamespacedResourceQuota({ namespace, ...p }),
    ),
    reader.listShared('limitranges', ns, p =>
      api.core.listNamespacedLimitRange({ namespace, ...p }),
    ),
    reader.listShared('networkpolicies', ns, p =>
      api.networking.listNamespacedNetworkPolicy({ namespace, ...p }),
    ),
    needs.configMaps ? listMetadata(reader, ns, 'configmaps') : undefined,
    needs.secrets ? listMetadata(reader, ns, 'secrets') : undefined,
    // Services and Endpoints always: Ingress backends and the peers of failing calls name them.
    reader.listShared('services', ns, p =>
      api.core.listNamespacedService({ namespace, ...p }),
    ),
    reader.listShared('rolebindings', ns, p =>
      api.rbac.listNamespacedRoleBinding({ namespace, ...p }),
    ),
    reader.listShared('roles', ns, p =>
      api.rbac.listNamespacedRole({ namespace, ...p }),
    ),
  ]);
  return {
    events,
    endpoints,
    pvcs,
    quotas,
    limitRanges,
    policies,
    configMaps,
    secrets,
    allServices,
    roleBindings,
    roles,
  };
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
  add('DaemonSet', objects.daemonSets);
  add('Service', objects.services);
  add('Ingress', objects.ingresses);
  add('HorizontalPodAutoscaler', objects.hpas);
  add('Job', objects.jobs);
  add('PersistentVolumeClaim', objects.pvcs);
  for (const e of events ?? []) {
    const about = `${e.involvedObject?.kind}/${e.involvedObject?.name}`;
    // The latest occurrence counts: a recurring event that began before the lookback is kept.
    if (names.has(about) && inWindow(eventTime(e), window, lookbackMs))
      objects.events.push(e);
  }
  objects.events.sort((a, b) =>
    (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''),
  );
}
