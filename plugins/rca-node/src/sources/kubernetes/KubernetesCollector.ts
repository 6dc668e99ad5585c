import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  type CoreV1Event,
  NetworkingV1Api,
  StorageV1Api,
  type V1Pod,
} from '@kubernetes/client-node';
import type {
  CollectorContext,
  EvidenceCollector,
  RcaTarget,
} from '../../contracts';
import { withTimeout } from '../shared/withTimeout';
import { type ClusterConnection, kubeConfigFor } from './clusters';
import {
  type ClusterSnapshot,
  eventTime,
  inWindow,
  KUBERNETES_FACTS,
  type TargetObjects,
} from './kubeFacts';
import { addSnapshotEvidence } from './snapshotEvidence';
import { matchesSelector } from './labelSelector';

export interface KubernetesCollectorOptions {
  clusters: ClusterConnection[];
  /** Timeout of one API request. Default 5 000 ms. */
  requestTimeoutMs?: number;
  /** How far before the window events and rollouts are still read (a cause precedes its symptoms). Default 1 h. */
  lookbackMs?: number;
}

class ClusterUnreachable extends Error {}

type Page<T> = { items: T[]; metadata?: { _continue?: string } };

function clients(c: ClusterConnection) {
  const kc = kubeConfigFor(c);
  return {
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    autoscaling: kc.makeApiClient(AutoscalingV2Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    storage: kc.makeApiClient(StorageV1Api),
  };
}

function describeApiError(e: unknown): { code?: number; message: string } {
  if (e instanceof ApiException) {
    let message = `HTTP ${e.code}`;
    try {
      const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
      if (body?.message)
        message = `${e.code} ${body.reason ?? ''}: ${body.message}`.replace(
          ' :',
          ':',
        );
    } catch {
      // body was not a Status object; the code is enough
    }
    return { code: e.code, message };
  }
  const err = e as {
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  return { message: err.cause?.code ?? err.code ?? err.message ?? String(e) };
}

/**
 * Kubernetes evidence from every configured cluster, read with the cluster's service-account token.
 * Each request has a timeout; a 403, a missing API or an unreachable cluster becomes an evidence gap.
 */
export class KubernetesCollector implements EvidenceCollector {
  readonly name = 'kubernetes';
  readonly #options: Required<KubernetesCollectorOptions>;

  constructor(options: KubernetesCollectorOptions) {
    this.#options = {
      requestTimeoutMs: 5000,
      lookbackMs: 3_600_000,
      ...options,
    };
  }

  get clusterNames(): string[] {
    return this.#options.clusters.map(c => c.name);
  }

  /**
   * Where the workloads of a label selector run, per cluster (namespaces of matching pods and
   * deployments). Clusters that cannot be asked are left out: the collection reports them.
   */
  async locateNamespaces(
    labelSelector: string,
  ): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    await Promise.all(
      this.#options.clusters.map(async cluster => {
        const api = clients(cluster);
        const t = this.#options.requestTimeoutMs;
        try {
          const [pods, deployments] = await Promise.all([
            withTimeout(
              api.core.listPodForAllNamespaces({ labelSelector, limit: 500 }),
              t,
            ),
            withTimeout(
              api.apps.listDeploymentForAllNamespaces({
                labelSelector,
                limit: 500,
              }),
              t,
            ),
          ]);
          const names = [...pods.items, ...deployments.items]
            .map(o => o.metadata?.namespace)
            .filter((n): n is string => !!n);
          found.set(cluster.name, [...new Set(names)].sort());
        } catch {
          // unreachable or forbidden: collect() turns that into a gap
        }
      }),
    );
    return found;
  }

  async collect(ctx: CollectorContext) {
    const targets = ctx.targets.filter(t => t.kubernetes);
    if (!this.#options.clusters.length) {
      ctx.gap(
        'no Kubernetes cluster is configured (kubernetes.clusterLocatorMethods with type: config)',
      );
      return { status: 'skipped' as const, error: 'no cluster configured' };
    }
    if (!targets.length) {
      return {
        status: 'skipped' as const,
        error: 'no catalog entity carries Kubernetes annotations',
      };
    }
    const results = await Promise.all(
      this.#options.clusters.map(async cluster => {
        const gaps: string[] = [];
        try {
          const snapshot = await this.#collectCluster(
            cluster,
            targets,
            ctx,
            gaps,
          );
          const pods = snapshot.targets.reduce((n, t) => n + t.pods.length, 0);
          ctx.progress(
            `cluster ${cluster.name}: ${pods} pods, ${snapshot.targets.reduce(
              (n, t) => n + t.events.length,
              0,
            )} events${gaps.length ? `, ${gaps.length} gaps` : ''}`,
          );
          return { snapshot, gaps };
        } catch (e) {
          const reason =
            e instanceof ClusterUnreachable
              ? e.message
              : describeApiError(e).message;
          gaps.push(
            `cluster ${cluster.name} is unreachable (${reason}); its pods, events and nodes are missing from this report`,
          );
          ctx.progress(`cluster ${cluster.name}: unreachable (${reason})`);
          return { snapshot: undefined, gaps };
        }
      }),
    );
    results.forEach(r => r.gaps.forEach(g => ctx.gap(g)));
    const snapshots = results.flatMap(r => (r.snapshot ? [r.snapshot] : []));
    ctx.facts.set(KUBERNETES_FACTS, { clusters: snapshots });
    for (const s of snapshots)
      addSnapshotEvidence(
        s,
        ctx.evidence,
        ctx.input.window,
        this.#options.lookbackMs,
      );

    const failed = results.filter(r => !r.snapshot).length;
    const gapCount = results.reduce((n, r) => n + r.gaps.length, 0);
    if (failed === results.length)
      return {
        status: 'failed' as const,
        error: `all ${failed} clusters unreachable`,
      };
    if (gapCount)
      return {
        status: 'partial' as const,
        error: `${gapCount} gaps (see Evidence gaps)`,
      };
    return { status: 'ok' as const };
  }

  async #collectCluster(
    cluster: ClusterConnection,
    targets: RcaTarget[],
    ctx: CollectorContext,
    gaps: string[],
  ): Promise<ClusterSnapshot> {
    const api = clients(cluster);
    const timeoutMs = this.#options.requestTimeoutMs;
    let reached = false;

    /** One request with a timeout; API errors become gaps, a dead cluster aborts the whole cluster. */
    const call = async <T>(
      what: string,
      fn: () => Promise<T>,
    ): Promise<T | undefined> => {
      try {
        const result = await withTimeout(fn(), timeoutMs);
        reached = true;
        return result;
      } catch (e) {
        const { code, message } = describeApiError(e);
        // Any HTTP status proves the server is there. The first requests go out together, so a
        // dead cluster costs one timeout and aborts the rest of that cluster.
        if (code !== undefined) reached = true;
        if (code === 401)
          throw new ClusterUnreachable(
            `401: the service-account token was rejected`,
          );
        if (code === undefined && !reached)
          throw new ClusterUnreachable(message);
        if (code === 403)
          gaps.push(
            `cluster ${cluster.name}: forbidden to ${what} (grant get/list to the Backstage service account): ${message}`,
          );
        else if (code === 404)
          gaps.push(
            `cluster ${cluster.name}: cannot ${what}: API not available (404)`,
          );
        else
          gaps.push(`cluster ${cluster.name}: could not ${what}: ${message}`);
        return undefined;
      }
    };
    const listAll = async <T>(
      what: string,
      fn: (page: { limit: number; _continue?: string }) => Promise<Page<T>>,
    ): Promise<T[] | undefined> => {
      const items: T[] = [];
      let token: string | undefined;
      do {
        const request = { limit: 500, _continue: token };
        const page = await call(what, () => fn(request));
        if (!page) return items.length ? items : undefined;
        items.push(...page.items);
        token = page.metadata?._continue || undefined;
      } while (token);
      return items;
    };

    const snapshot: ClusterSnapshot = {
      cluster: cluster.name,
      targets: [],
      namespaceWarnings: [],
      nodes: new Map(),
    };
    const namespaceEvents = new Map<
      string,
      Promise<CoreV1Event[] | undefined>
    >();
    const eventsIn = (ns: string) => {
      if (!namespaceEvents.has(ns)) {
        ctx.query(
          `kubernetes ${cluster.name}: GET /api/v1/namespaces/${ns}/events`,
        );
        namespaceEvents.set(
          ns,
          listAll(`list events in namespace ${ns}`, p =>
            api.core.listNamespacedEvent({ namespace: ns, ...p }),
          ),
        );
      }
      return namespaceEvents.get(ns)!;
    };

    for (const target of targets) {
      const { labelSelector, namespace } = target.kubernetes!;
      // Under a namespace policy only the namespaces the user may see are asked for.
      // Only the namespaces the gate allowed in this cluster; never all namespaces.
      const scopes = (target.allowedNamespaces?.get(cluster.name) ?? []).filter(
        s => !namespace || s === namespace,
      );
      if (!scopes.length) continue;
      const scope = `namespace ${scopes.join(', ')}`;
      ctx.query(
        `kubernetes ${cluster.name}: ${target.entityRef} → labelSelector=${labelSelector} in ${scope}`,
      );
      const list = <T>(plural: string, ns: (p: object) => Promise<Page<T>>) =>
        Promise.all(
          scopes.map(s =>
            listAll<T>(`list ${plural} in namespace ${s}`, p =>
              ns({ namespace: s, labelSelector, ...p }),
            ),
          ),
        ).then(r => r.flatMap(x => x ?? []));
      const [
        pods,
        deployments,
        replicaSets,
        statefulSets,
        services,
        ingresses,
        hpas,
        jobs,
      ] = await Promise.all([
        list('pods', p => api.core.listNamespacedPod(p as never)),
        list('deployments', p => api.apps.listNamespacedDeployment(p as never)),
        list('replicasets', p => api.apps.listNamespacedReplicaSet(p as never)),
        list('statefulsets', p =>
          api.apps.listNamespacedStatefulSet(p as never),
        ),
        list('services', p => api.core.listNamespacedService(p as never)),
        list('ingresses', p =>
          api.networking.listNamespacedIngress(p as never),
        ),
        list('horizontalpodautoscalers', p =>
          api.autoscaling.listNamespacedHorizontalPodAutoscaler(p as never),
        ),
        list('jobs', p => api.batch.listNamespacedJob(p as never)),
      ]);
      const namespaces = new Set<string>(scopes);
      for (const o of [...pods, ...deployments, ...services, ...replicaSets]) {
        if (o.metadata?.namespace) namespaces.add(o.metadata.namespace);
      }
      const objects: TargetObjects = {
        target,
        namespaces: [...namespaces],
        pods,
        deployments,
        replicaSets,
        statefulSets,
        services,
        ingresses,
        hpas,
        jobs,
        endpoints: [],
        namespaceServices: [],
        pvcs: [],
        quotas: [],
        networkPolicies: [],
        configMaps: [],
        events: [],
      };
      await Promise.all(
        [...namespaces].map(ns =>
          this.#collectNamespace(ns, objects, api, listAll, eventsIn, ctx),
        ),
      );
      snapshot.targets.push(objects);
    }

    // Nodes the pods ran on, and cluster-scoped classes only when something refers to them.
    const nodeNames = new Set(
      snapshot.targets.flatMap(t =>
        t.pods.map(p => p.spec?.nodeName).filter((n): n is string => !!n),
      ),
    );
    await Promise.all(
      [...nodeNames].map(async name => {
        const node = await call(`read node ${name}`, () =>
          api.core.readNode({ name }),
        );
        if (node) snapshot.nodes.set(name, node);
      }),
    );
    if (snapshot.targets.some(t => t.ingresses.length)) {
      const classes = await listAll('list ingressclasses', p =>
        api.networking.listIngressClass(p),
      );
      if (classes)
        snapshot.ingressClasses = new Set(
          classes.map(c => c.metadata?.name ?? ''),
        );
    }
    if (
      snapshot.targets.some(t =>
        t.pvcs.some(p => p.status?.phase === 'Pending'),
      )
    ) {
      const classes = await listAll('list storageclasses', p =>
        api.storage.listStorageClass(p),
      );
      if (classes)
        snapshot.storageClasses = new Set(
          classes.map(c => c.metadata?.name ?? ''),
        );
    }

    // Warning events in the same namespaces about objects no target owns: kept, ranked as noise.
    const owned = new Set(
      snapshot.targets.flatMap(t =>
        t.events.map(e => e.metadata?.uid ?? e.metadata?.name),
      ),
    );
    const lead = this.#options.lookbackMs;
    for (const ns of new Set(snapshot.targets.flatMap(t => t.namespaces))) {
      for (const e of (await eventsIn(ns)) ?? []) {
        if (
          e.type === 'Warning' &&
          !owned.has(e.metadata?.uid ?? e.metadata?.name) &&
          inWindow(eventTime(e), ctx.input.window, lead)
        ) {
          snapshot.namespaceWarnings.push(e);
        }
      }
    }
    return snapshot;
  }

  async #collectNamespace(
    ns: string,
    objects: TargetObjects,
    api: ReturnType<typeof clients>,
    listAll: <T>(
      what: string,
      fn: (page: { limit: number; _continue?: string }) => Promise<Page<T>>,
    ) => Promise<T[] | undefined>,
    eventsIn: (ns: string) => Promise<CoreV1Event[] | undefined>,
    ctx: CollectorContext,
  ) {
    const pods = objects.pods.filter(p => p.metadata?.namespace === ns);
    const claimed = new Set(
      pods
        .flatMap(p =>
          (p.spec?.volumes ?? []).map(v => v.persistentVolumeClaim?.claimName),
        )
        .filter(Boolean),
    );
    const referenced = new Set(pods.flatMap(configMapRefs));
    // Lists only what the pods refer to: a namespace's ConfigMaps can be megabytes of data.
    const [events, endpoints, pvcs, quotas, policies, configMaps, allServices] =
      await Promise.all([
        eventsIn(ns),
        objects.services.some(s => s.metadata?.namespace === ns)
          ? listAll(`list endpoints in namespace ${ns}`, p =>
              api.core.listNamespacedEndpoints({ namespace: ns, ...p }),
            )
          : undefined,
        claimed.size
          ? listAll(`list persistentvolumeclaims in namespace ${ns}`, p =>
              api.core.listNamespacedPersistentVolumeClaim({
                namespace: ns,
                ...p,
              }),
            )
          : undefined,
        listAll(`list resourcequotas in namespace ${ns}`, p =>
          api.core.listNamespacedResourceQuota({ namespace: ns, ...p }),
        ),
        listAll(`list networkpolicies in namespace ${ns}`, p =>
          api.networking.listNamespacedNetworkPolicy({ namespace: ns, ...p }),
        ),
        referenced.size
          ? listAll(`list configmaps in namespace ${ns}`, p =>
              api.core.listNamespacedConfigMap({ namespace: ns, ...p }),
            )
          : undefined,
        objects.ingresses.some(i => i.metadata?.namespace === ns)
          ? listAll(`list services in namespace ${ns}`, p =>
              api.core.listNamespacedService({ namespace: ns, ...p }),
            )
          : undefined,
      ]);
    objects.namespaceServices.push(...(allServices ?? []));
    const serviceNames = new Set(
      objects.services
        .filter(s => s.metadata?.namespace === ns)
        .map(s => s.metadata?.name),
    );
    objects.endpoints.push(
      ...(endpoints ?? []).filter(e => serviceNames.has(e.metadata?.name)),
    );
    objects.pvcs.push(
      ...(pvcs ?? []).filter(c => claimed.has(c.metadata?.name)),
    );
    objects.quotas.push(...(quotas ?? []));
    objects.networkPolicies.push(
      ...(policies ?? []).filter(np =>
        pods.some(p =>
          matchesSelector(np.spec?.podSelector, p.metadata?.labels ?? {}),
        ),
      ),
    );
    for (const cm of configMaps ?? []) {
      if (!referenced.has(cm.metadata?.name ?? '')) continue;
      // Keep metadata only: config data has no business in a report.
      objects.configMaps.push({ metadata: cm.metadata } as typeof cm);
    }
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
      if (
        names.has(about) &&
        inWindow(eventTime(e), ctx.input.window, this.#options.lookbackMs)
      )
        objects.events.push(e);
    }
    objects.events.sort((a, b) =>
      (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''),
    );
  }
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
