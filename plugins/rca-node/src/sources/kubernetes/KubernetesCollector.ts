import type {
  CollectorContext,
  EvidenceCollector,
  RcaTarget,
} from '../../contracts';
import type { ClusterConnection } from '../shared/clusters';
import { withTimeout } from '../shared/withTimeout';
import { podNamePatterns } from './podNamePatterns';
import { readPeerServices } from './peerServices';
import {
  ClusterReader,
  ClusterUnreachableError,
  clients,
  describeApiError,
} from './ClusterReader';
import { type ClusterSnapshot, KUBERNETES_FACTS } from './kubeFacts';
import {
  readClusterObjects,
  readNamespaceWarnings,
} from './readClusterObjects';
import { readTargetObjects } from './readTargetObjects';
import { addSnapshotEvidence } from './snapshotEvidence';
import { CHANGE_FACTS } from './changeFacts';
import { changeTimeline } from './changeTimeline';

export interface KubernetesCollectorOptions {
  clusters: ClusterConnection[];
  /** Timeout of one API request. Default 5 000 ms. */
  requestTimeoutMs?: number;
  /** How far before the window events and rollouts are still read (a cause precedes its symptoms). Default 1 h. */
  lookbackMs?: number;
}

type ClusterResult = { snapshot?: ClusterSnapshot; gaps: string[] };

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

  /**
   * The name patterns of the pods `labelSelector` finds, asked only in the namespaces given per
   * cluster (those the user may read). Clusters that cannot be asked are left out.
   */
  async locatePodPatterns(
    labelSelector: string,
    namespaces: Map<string, string[]>,
  ): Promise<string[]> {
    const t = this.#options.requestTimeoutMs;
    const lists = await Promise.all(
      this.#options.clusters.flatMap(cluster =>
        (namespaces.get(cluster.name) ?? []).map(namespace =>
          withTimeout(
            clients(cluster).core.listNamespacedPod({
              namespace,
              labelSelector,
              limit: 500,
            }),
            t,
          ).catch(() => undefined),
        ),
      ),
    );
    return podNamePatterns(lists.flatMap(l => l?.items ?? []));
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
      this.#options.clusters.map(cluster =>
        this.#collectOne(cluster, targets, ctx),
      ),
    );
    results.forEach(r => r.gaps.forEach(g => ctx.gap(g)));
    const snapshots = results.flatMap(r => (r.snapshot ? [r.snapshot] : []));
    ctx.facts.set(KUBERNETES_FACTS, { clusters: snapshots });
    ctx.facts.set(CHANGE_FACTS, {
      changes: snapshots
        .flatMap(s =>
          changeTimeline(s, ctx.input.window, this.#options.lookbackMs),
        )
        .sort((a, b) => b.at.localeCompare(a.at)),
    });
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

  /** One cluster; unreachable, it yields gaps and no snapshot. */
  async #collectOne(
    cluster: ClusterConnection,
    targets: RcaTarget[],
    ctx: CollectorContext,
  ): Promise<ClusterResult> {
    const gaps: string[] = [];
    try {
      const reader = new ClusterReader(cluster, {
        timeoutMs: this.#options.requestTimeoutMs,
        gaps,
        query: q => ctx.query(q),
      });
      const snapshot = await this.#collectCluster(reader, targets, ctx);
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
        e instanceof ClusterUnreachableError
          ? e.message
          : describeApiError(e).message;
      gaps.push(
        `cluster ${cluster.name} is unreachable (${reason}); its pods, events and nodes are missing from this report`,
      );
      ctx.progress(`cluster ${cluster.name}: unreachable (${reason})`);
      return { snapshot: undefined, gaps };
    }
  }

  /** The targets' objects one target at a time, then what is shared in the cluster. */
  async #collectCluster(
    reader: ClusterReader,
    targets: RcaTarget[],
    ctx: CollectorContext,
  ): Promise<ClusterSnapshot> {
    const snapshot: ClusterSnapshot = {
      cluster: reader.name,
      targets: [],
      namespaceWarnings: [],
      nodes: new Map(),
    };
    const lookbackMs = this.#options.lookbackMs;
    for (const target of targets) {
      const objects = await readTargetObjects(reader, target, ctx, lookbackMs);
      if (objects) snapshot.targets.push(objects);
    }
    // An optional read whose check fails is not granted: the cluster's own evidence stands.
    const mayRead =
      ctx.mayRead &&
      ((refs: Parameters<NonNullable<CollectorContext['mayRead']>>[0]) =>
        ctx.mayRead!(refs).catch(() => refs.map(() => false)));
    await readPeerServices(reader, snapshot, mayRead);
    await readClusterObjects(reader, snapshot, mayRead);
    await readNamespaceWarnings(reader, snapshot, ctx.input.window, lookbackMs);
    return snapshot;
  }
}
