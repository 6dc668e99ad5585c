import type {
  AnalyzerContext,
  HypothesisDraft,
  HypothesisScope,
} from '../contracts';
import {
  type ClusterSnapshot,
  KUBERNETES_FACTS,
  type TargetObjects,
  targetObjectsOf,
  workloadsOf,
} from '../sources/kubernetes/kubeFacts';
import type { CrashView } from './family';

export function eachTarget(
  ctx: AnalyzerContext,
  fn: (s: ClusterSnapshot, t: TargetObjects, scope: HypothesisScope) => void,
): void {
  const facts = ctx.facts.get(KUBERNETES_FACTS);
  for (const s of facts?.clusters ?? []) {
    for (const t of s.targets)
      fn(s, t, t.target.role === 'target' ? 'target' : 'dependency');
  }
}

/**
 * The component's own workload (Deployment, StatefulSet, DaemonSet, CronJob, in that order) in
 * the first cluster that has one: what a next step about its logs or metrics names instead of a
 * placeholder. Only the namespace when it has none.
 */
export function workloadOf(
  ctx: AnalyzerContext,
  entityRef: string,
  namespace?: string,
): {
  namespace?: string;
  kind?: string;
  name?: string;
  serviceAccount?: string;
} {
  for (const t of targetObjectsOf(ctx.facts.get(KUBERNETES_FACTS), entityRef)) {
    for (const [kind, list] of workloadsOf(t)) {
      const o = list.find(
        x => !namespace || x.metadata?.namespace === namespace,
      );
      if (o)
        return {
          namespace: o.metadata?.namespace,
          kind,
          name: o.metadata?.name,
          ...serviceAccountOf(t.pods),
        };
    }
  }
  return { namespace };
}

/** The ServiceAccount the pods run as, when they agree on one. */
export function serviceAccountOf(
  pods: Array<{ spec?: { serviceAccountName?: string } }> = [],
): { serviceAccount?: string } {
  const names = new Set(pods.map(p => p.spec?.serviceAccountName ?? 'default'));
  return names.size === 1 ? { serviceAccount: [...names][0] } : {};
}

export function objectLabel(
  cluster: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${kind} ${
    namespace ? `${namespace}/` : ''
  }${name} (cluster ${cluster})`;
}

/** The object fields of a hypothesis about one Kubernetes object. */
export function aboutObject(
  cluster: string,
  kind: string,
  o: { metadata?: { name?: string; namespace?: string } },
  scope: HypothesisScope,
  entityRef: string,
) {
  const name = o.metadata?.name ?? '?';
  const namespace = o.metadata?.namespace;
  return {
    object: objectLabel(cluster, kind, namespace, name),
    subject: { cluster, kind, namespace, name },
    scope,
    entityRef,
  };
}

export function earliest(times: Array<string | undefined>): string | undefined {
  return times.filter((t): t is string => !!t).sort()[0];
}

/** Whether `time` (ISO) is before the window began: what ended then is history. */
export function endedBefore(
  time: string | undefined,
  window: { from: Date },
): boolean {
  return !!time && Date.parse(time) < window.from.getTime();
}

/** `0.42` → `42%`. */
export function percent(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** Causal-chain level of a container finding. */
export const CONTAINER_LEVEL = 3;

/** The fields every finding about a crash-looping container shares. */
export function crashBase(c: CrashView) {
  return {
    level: CONTAINER_LEVEL,
    container: c.status.name,
    onset: c.onset,
    evidence: [...c.keys],
  };
}

/**
 * Merges drafts describing the same cause on the same object (e.g. five pods of one Deployment
 * OOM-killed) into one hypothesis with all their evidence.
 */
export class DraftGroup {
  readonly #drafts = new Map<string, HypothesisDraft & { count: number }>();

  add(key: string, draft: HypothesisDraft): void {
    const existing = this.#drafts.get(key);
    if (!existing) {
      this.#drafts.set(key, {
        ...draft,
        evidence: [...new Set(draft.evidence)],
        count: 1,
      });
      return;
    }
    existing.count++;
    existing.evidence = [...new Set([...existing.evidence, ...draft.evidence])];
    existing.onset = earliest([existing.onset, draft.onset]);
    existing.specificity = Math.max(existing.specificity, draft.specificity);
    existing.change ??= draft.change;
  }

  drafts(): HypothesisDraft[] {
    return [...this.#drafts.values()].map(({ count, ...d }) =>
      count > 1
        ? { ...d, explanation: `${d.explanation} (${count} pods affected)` }
        : d,
    );
  }
}
