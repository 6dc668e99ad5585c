import type { RcaTarget } from '../../engine/types';
import type { KubernetesCollector } from './KubernetesCollector';

/** A cluster's namespace, as the namespace permission names it. */
export interface GateNamespace {
  cluster: string;
  namespace: string;
}

/** One answer of the permission check; `error` is the (audited) refusal to show. */
export interface GateDecision {
  allowed: boolean;
  error?: Error;
}

/** What the gate found for the analysed entity before anything is collected. */
export interface GatePreflight {
  /** Namespaces checked (cluster × namespace). */
  checked: number;
  allowed: GateNamespace[];
  denied: Array<GateNamespace & { error?: Error }>;
}

/**
 * Restricts an analysis to the Kubernetes namespaces the requesting user may see. A target's
 * namespaces are its `backstage.io/kubernetes-namespace` annotation in every cluster, or, without it,
 * where its workloads run. Denied namespaces become evidence gaps; a dependency with nothing visible
 * is left out; the analysed entity with nothing visible stops the analysis.
 */
export class NamespaceGate {
  readonly #collector: KubernetesCollector;
  readonly #authorize: (refs: GateNamespace[]) => Promise<GateDecision[]>;

  constructor(o: {
    collector: KubernetesCollector;
    authorize: (refs: GateNamespace[]) => Promise<GateDecision[]>;
  }) {
    this.#collector = o.collector;
    this.#authorize = o.authorize;
  }

  async #namespacesOf(target: RcaTarget): Promise<GateNamespace[]> {
    const selector = target.kubernetes;
    if (!selector) return [];
    if (selector.namespace)
      return this.#collector.clusterNames.map(cluster => ({
        cluster,
        namespace: selector.namespace!,
      }));
    const located = await this.#collector.locateNamespaces(
      selector.labelSelector,
    );
    return [...located].flatMap(([cluster, names]) =>
      names.map(namespace => ({ cluster, namespace })),
    );
  }

  /** The namespaces of several targets, checked in one permission request. */
  async #check(targets: RcaTarget[]): Promise<GatePreflight[]> {
    const refsOf = await Promise.all(targets.map(t => this.#namespacesOf(t)));
    const all = refsOf.flat();
    const decisions = all.length ? await this.#authorize(all) : [];
    let at = 0;
    return refsOf.map(refs => {
      const mine = decisions.slice(at, (at += refs.length));
      return {
        checked: refs.length,
        allowed: refs.filter((_, i) => mine[i].allowed),
        denied: refs
          .map((r, i) => ({ ...r, error: mine[i].error }))
          .filter((_, i) => !mine[i].allowed),
      };
    });
  }

  /** The check for one target, e.g. before accepting an analysis. */
  async preflight(target: RcaTarget): Promise<GatePreflight> {
    return (await this.#check([target]))[0];
  }

  /** Sets `allowedNamespaces` on every Kubernetes target and returns the targets that remain. */
  async apply(
    targets: RcaTarget[],
    report: { gap(message: string): void; progress(message: string): void },
  ): Promise<RcaTarget[]> {
    const checks = await this.#check(targets);
    const kept: RcaTarget[] = [];
    targets.forEach((target, i) => {
      const check = checks[i];
      if (!target.kubernetes) {
        kept.push(target);
        return;
      }
      const allowed = new Map<string, string[]>();
      for (const a of check.allowed)
        allowed.set(a.cluster, [
          ...(allowed.get(a.cluster) ?? []),
          a.namespace,
        ]);
      if (check.denied.length) {
        const where = check.denied
          .map(d => `${d.namespace} (cluster ${d.cluster})`)
          .join(', ');
        report.gap(
          `you may not see namespace ${where} (kubernetes.namespace.read), so the pods, events, metrics and logs of ${target.entityRef} there are left out`,
        );
      }
      if (check.checked && !check.allowed.length) {
        if (target.role === 'target')
          throw Object.assign(
            new Error(
              check.denied[0]?.error?.message ??
                `You may not see any namespace of ${target.entityRef}`,
            ),
            { name: 'NotAllowedError' },
          );
        report.progress(
          `${target.entityRef}: left out, none of its namespaces is visible to you`,
        );
        return;
      }
      target.allowedNamespaces = allowed;
      if (!target.kubernetes!.namespace)
        target.namespaces = [...new Set(check.allowed.map(a => a.namespace))];
      kept.push(target);
    });
    return kept;
  }
}
