import type { AnalyzerContext } from '../contracts';
import { KUBERNETES_FACTS } from '../sources/kubernetes/kubeFacts';

/**
 * The configured limit (`768Mi`, `500m`) of the container a metric series is about, read from
 * its pod's spec: a responder changes that number, so the finding names it. Undefined when the
 * pod was not read or the container has no such limit.
 */
export function containerLimit(
  ctx: Pick<AnalyzerContext, 'facts'>,
  labels: Record<string, string>,
  resource: 'cpu' | 'memory',
): string | undefined {
  const { pod: podName, container, namespace } = labels;
  if (!podName || !container) return undefined;
  for (const c of ctx.facts.get(KUBERNETES_FACTS)?.clusters ?? []) {
    for (const t of c.targets) {
      const pod = t.pods.find(
        p =>
          p.metadata?.name === podName &&
          (!namespace || p.metadata?.namespace === namespace),
      );
      const limit = pod?.spec?.containers?.find(x => x.name === container)
        ?.resources?.limits?.[resource];
      if (limit !== undefined) return String(limit);
    }
  }
  return undefined;
}
