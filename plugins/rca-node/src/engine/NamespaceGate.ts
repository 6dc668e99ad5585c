import { NotAllowedError } from '@backstage/errors';
import type { RcaTarget } from '../contracts';
import { ANNOTATION_KUBERNETES_NAMESPACE } from './kubernetesSelector';

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

/** What the gate found for one target before anything is collected. */
export interface GatePreflight {
  /** Namespaces checked (cluster × namespace). */
  checked: number;
  allowed: GateNamespace[];
  denied: Array<GateNamespace & { error?: Error }>;
}

/** What the gate needs from the Kubernetes collector: the clusters, and where workloads run. */
export interface NamespaceLocator {
  readonly clusterNames: string[];
  locateNamespaces(labelSelector: string): Promise<Map<string, string[]>>;
  /** Name patterns of the pods a selector finds in the given namespaces per cluster (and no other). */
  locatePodPatterns?(
    labelSelector: string,
    namespaces: Map<string, string[]>,
  ): Promise<string[]>;
}

type GateReport = {
  gap(message: string): void;
  progress(message: string): void;
};

/**
 * Turns each target into the explicit (cluster, namespace) pairs its evidence may come from, and
 * keeps only those the requesting user may read. Every collector queries these pairs and nothing
 * else, so a target without any (no Kubernetes annotation, nothing visible) is analysed from the
 * catalog only. The candidate namespaces of a target are its `backstage.io/kubernetes-namespace`
 * annotation in every cluster (whether or not it has a workload selector), or else where its
 * workloads run.
 */
export class NamespaceGate {
  readonly #locator: NamespaceLocator;
  readonly #authorize: (refs: GateNamespace[]) => Promise<GateDecision[]>;
  readonly #ownersOf?: (ref: GateNamespace) => Promise<string[]>;

  constructor(o: {
    collector: NamespaceLocator;
    authorize: (refs: GateNamespace[]) => Promise<GateDecision[]>;
    /**
     * Who may read a namespace under the policy: owner refs, `*` for everyone. Lets the report
     * carry its readers (the catalog hides a report from everybody else).
     */
    ownersOf?: (ref: GateNamespace) => Promise<string[]>;
  }) {
    this.#locator = o.collector;
    this.#authorize = o.authorize;
    this.#ownersOf = o.ownersOf;
  }

  /**
   * The readers of a report drawn from `refs`: one entry of owner refs per namespace, of which a
   * reader must hold one each; undefined when the gate knows no owners (only admins then).
   */
  async readersOf(refs: GateNamespace[]): Promise<string[][] | undefined> {
    if (!this.#ownersOf) return undefined;
    const owners = await Promise.all(refs.map(r => this.#ownersOf!(r)));
    const seen = new Set<string>();
    return owners
      .map(o => [...new Set(o.map(x => x.toLowerCase()))].sort())
      .filter(o => {
        const key = o.join(',');
        return !seen.has(key) && !!seen.add(key);
      });
  }

  /** A gate that allows every namespace where the workloads are: for runs without a permission system. */
  static allowAll(collector: NamespaceLocator): NamespaceGate {
    return new NamespaceGate({
      collector,
      authorize: async refs => refs.map(() => ({ allowed: true })),
      ownersOf: async () => ['*'],
    });
  }

  async #namespacesOf(target: RcaTarget): Promise<GateNamespace[]> {
    const annotated =
      target.kubernetes?.namespace ??
      (target.entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE] ||
        undefined);
    if (annotated)
      return this.#locator.clusterNames.map(cluster => ({
        cluster,
        namespace: annotated,
      }));
    if (!target.kubernetes) return [];
    const located = await this.#locator.locateNamespaces(
      target.kubernetes.labelSelector,
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
        allowed: refs.filter((_, i) => mine[i]?.allowed === true),
        denied: refs
          .map((r, i) => ({ ...r, error: mine[i]?.error }))
          .filter((_, i) => mine[i]?.allowed !== true),
      };
    });
  }

  /**
   * Whether the requesting user may read each of `refs` (the same check as the targets'): a
   * collector asks before it reads a namespace no target is in (a callee's, named by a policy).
   */
  async mayRead(refs: GateNamespace[]): Promise<boolean[]> {
    if (!refs.length) return [];
    return (await this.#authorize(refs)).map(d => d.allowed === true);
  }

  /** Only once the target is scoped: its pods are looked up in the readable namespaces alone. */
  async #locatePods(target: RcaTarget): Promise<void> {
    if (!target.kubernetes || !this.#locator.locatePodPatterns) return;
    // Metrics and logs carry no cluster: only namespaces readable in every cluster name pods.
    const readable = new Set(target.namespaces);
    const where = new Map(
      [...(target.allowedNamespaces ?? [])].map(([cluster, names]) => [
        cluster,
        names.filter(n => readable.has(n)),
      ]),
    );
    if (![...where.values()].some(n => n.length)) return;
    target.podPatterns = await this.#locator.locatePodPatterns(
      target.kubernetes.labelSelector,
      where,
    );
  }

  /** The check for one target, e.g. before accepting an analysis. */
  async preflight(target: RcaTarget): Promise<GatePreflight> {
    return (await this.#check([target]))[0];
  }

  /**
   * Sets the readable scope (`allowedNamespaces`, `namespaces`) on every target and returns the
   * targets that remain. Throws NotAllowedError when the analysed entity has namespaces and the
   * user may read none of them.
   */
  async apply(targets: RcaTarget[], report: GateReport): Promise<RcaTarget[]> {
    const checks = await this.#check(targets);
    const kept: RcaTarget[] = [];
    targets.forEach((target, i) => {
      if (scopeTarget(target, checks[i], report)) kept.push(target);
    });
    await Promise.all(kept.map(t => this.#locatePods(t)));
    return kept;
  }
}

/** Applies one target's check; false when the target is left out. */
function scopeTarget(
  target: RcaTarget,
  check: GatePreflight,
  report: GateReport,
): boolean {
  target.allowedNamespaces = new Map();
  target.namespaces = [];
  if (!check.checked) {
    const message = `${target.entityRef} has no Kubernetes namespace to read (no workloads found, or no ${ANNOTATION_KUBERNETES_NAMESPACE} / workload annotation), so it is analysed from the catalog only`;
    if (target.role === 'target') report.gap(message);
    else report.progress(message);
    return true;
  }
  if (check.denied.length) {
    const where = check.denied
      .map(d => `${d.namespace} (cluster ${d.cluster})`)
      .join(', ');
    report.gap(
      `you may not see namespace ${where} (kubernetes.namespace.read), so the pods, events, metrics and logs of ${target.entityRef} there are left out`,
    );
  }
  if (!check.allowed.length) {
    if (target.role === 'target')
      throw (
        check.denied[0]?.error ??
        new NotAllowedError(
          `You may not see any namespace of ${target.entityRef}`,
        )
      );
    report.progress(
      `${target.entityRef}: left out, none of its namespaces is visible to you`,
    );
    return false;
  }
  for (const a of check.allowed)
    target.allowedNamespaces.set(a.cluster, [
      ...(target.allowedNamespaces.get(a.cluster) ?? []),
      a.namespace,
    ]);
  // Metrics and logs carry no cluster: a namespace denied in any cluster is left out there.
  const deniedNames = new Set(check.denied.map(d => d.namespace));
  target.namespaces = [...new Set(check.allowed.map(a => a.namespace))].filter(
    n => !deniedNames.has(n),
  );
  return true;
}
