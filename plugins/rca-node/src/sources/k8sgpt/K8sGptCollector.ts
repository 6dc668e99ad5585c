import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import type { SourceStatus } from '@internal/plugin-rca-common';
import {
  cleanText,
  createFactRef,
  type CollectorContext,
  type EvidenceCollector,
  type RcaTarget,
} from '../../contracts';
import { type ClusterConnection, kubeConfigFor } from '../shared/clusters';
import { regexLiteral } from '../shared/httpJson';
import { scopeOf } from '../shared/targetScope';
import { withTimeout } from '../shared/withTimeout';

/** A k8sgpt-operator Result (core.k8sgpt.ai/v1alpha1), as far as it is read. */
interface K8sGptResult {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: {
    kind?: string;
    name?: string;
    parentObject?: string;
    details?: string;
    error?: Array<{
      text?: string;
      sensitive?: Array<{ unmasked?: string; masked?: string }>;
    }>;
  };
}

export interface K8sGptFinding {
  cluster: string;
  entityRef: string;
  role: 'target' | 'dependency';
  kind: string;
  /** `<namespace>/<name>` of the analysed object. */
  name: string;
  texts: string[];
  evidence: string;
}

export interface K8sGptFacts {
  findings: K8sGptFinding[];
}

export const K8SGPT_FACTS = createFactRef<K8sGptFacts>('k8sgpt');

export interface K8sGptCollectorOptions {
  clusters: ClusterConnection[];
  /** Namespace of the K8sGPT custom resource, where Results live. Default: all namespaces. */
  namespace?: string;
  requestTimeoutMs?: number;
}

/**
 * Reads k8sgpt-operator Results. With the operator's Backstage option, a Result carries the
 * analysed object's `backstage.io/kubernetes-id` label and is selected by it; otherwise Results
 * are matched by the analysed object's or its parent's name.
 */
export class K8sGptCollector implements EvidenceCollector {
  readonly name = 'k8sgpt';
  readonly #options: K8sGptCollectorOptions;

  constructor(options: K8sGptCollectorOptions) {
    this.#options = options;
  }

  async collect(ctx: CollectorContext): Promise<Omit<SourceStatus, 'name'>> {
    const findings: K8sGptFinding[] = [];
    let failed = 0;
    for (const cluster of this.#options.clusters) {
      // Results live in the operator's namespace, not the target's: read them only for a cluster
      // where the user may read some target namespace, and keep only results in those namespaces.
      if (
        !ctx.targets.some(t => t.allowedNamespaces?.get(cluster.name)?.length)
      )
        continue;
      const api = customObjects(cluster);
      try {
        await this.#readCluster(ctx, cluster.name, api, findings);
      } catch (e) {
        failed++;
        ctx.gap(
          `k8sgpt Results in cluster ${
            cluster.name
          } could not be read: ${describe(e)}`,
        );
      }
    }
    ctx.facts.set<K8sGptFacts>(K8SGPT_FACTS, { findings });
    ctx.progress(
      `k8sgpt: ${findings.length} Results about the analysed workloads`,
    );
    if (failed && failed === this.#options.clusters.length)
      return { status: 'failed', error: 'no cluster answered' };
    return failed ? { status: 'partial' } : { status: 'ok' };
  }

  /** The cluster's Results about the targets, added to `findings` as they match. */
  async #readCluster(
    ctx: CollectorContext,
    cluster: string,
    api: CustomObjectsApi,
    findings: K8sGptFinding[],
  ): Promise<void> {
    const results = await withTimeout(
      this.#list(api),
      this.#options.requestTimeoutMs ?? 5000,
    );
    ctx.query(
      `k8sgpt (${cluster}): GET /apis/core.k8sgpt.ai/v1alpha1/${
        this.#options.namespace ? `namespaces/${this.#options.namespace}/` : ''
      }results`,
    );
    for (const target of ctx.targets) {
      const isAbout = resultMatcher(target, cluster);
      for (const r of results)
        if (isAbout(r)) findings.push(toFinding(ctx, cluster, target, r));
    }
  }

  async #list(api: CustomObjectsApi): Promise<K8sGptResult[]> {
    const base = {
      group: 'core.k8sgpt.ai',
      version: 'v1alpha1',
      plural: 'results',
    };
    const page = this.#options.namespace
      ? await api.listNamespacedCustomObject({
          ...base,
          namespace: this.#options.namespace,
        })
      : await api.listClusterCustomObject(base);
    return (page as { items?: K8sGptResult[] }).items ?? [];
  }
}

/**
 * Whether a Result is about one of the target's objects, in a namespace the user may read in this
 * cluster: by the Backstage label when the operator sets it, else by object or parent name.
 */
function resultMatcher(
  target: RcaTarget,
  cluster: string,
): (r: K8sGptResult) => boolean {
  const scope = scopeOf(target);
  const re = new RegExp(
    `^(?:${scope.podRegex}|${regexLiteral(scope.service)})$`,
  );
  const readable = target.allowedNamespaces?.get(cluster) ?? [];
  return r => {
    const spec = r.spec ?? {};
    const [ns, name] = (spec.name ?? '').split('/');
    const parent = (spec.parentObject ?? '').split('/').pop() ?? '';
    const id = r.metadata?.labels?.['backstage.io/kubernetes-id'];
    // Only results in a namespace the user may read in this cluster.
    return (
      readable.includes(ns) &&
      (id
        ? id === scope.service
        : re.test(name ?? '') || parent === scope.service)
    );
  };
}

function toFinding(
  ctx: CollectorContext,
  cluster: string,
  target: RcaTarget,
  r: K8sGptResult,
): K8sGptFinding {
  const spec = r.spec ?? {};
  const texts = (spec.error ?? []).map(e => maskSensitive(e));
  const evidence = ctx.evidence.add({
    source: 'k8sgpt',
    cluster,
    object: `${spec.kind ?? 'Object'} ${spec.name ?? r.metadata?.name}`,
    field: 'spec.error',
    text: texts.join('; ') || cleanText(spec.details ?? '', 400),
    severity: 'warning',
  });
  return {
    cluster,
    entityRef: target.entityRef,
    role: target.role,
    kind: spec.kind ?? 'Object',
    name: spec.name ?? '',
    texts,
    evidence,
  };
}

/** The operator keeps the unmasked values beside the text; never let them through. */
function maskSensitive(
  e: NonNullable<NonNullable<K8sGptResult['spec']>['error']>[number],
) {
  let text = e.text ?? '';
  for (const s of e.sensitive ?? [])
    if (s.unmasked) text = text.split(s.unmasked).join(s.masked || '***');
  return cleanText(text, 400);
}

function customObjects(c: ClusterConnection): CustomObjectsApi {
  return kubeConfigFor(c).makeApiClient(CustomObjectsApi);
}

function describe(e: unknown): string {
  if (e instanceof ApiException) {
    if (e.code === 404) return 'the k8sgpt-operator CRD is not installed (404)';
    if (e.code === 403)
      return 'forbidden (403): grant get/list on results.core.k8sgpt.ai';
    return `HTTP ${e.code}`;
  }
  return cleanText((e as Error)?.message ?? String(e), 200);
}
