import type { RcaTarget } from '../../contracts';
import { regexLiteral } from './httpJson';

/** Annotation overriding the regex of the pod names of an entity in metrics and logs. */
export const POD_REGEX_ANNOTATION = 'rca.backstage.io/pod-regex';

/** Where a target's metrics and logs are: namespace, pod name pattern, service name. */
export interface TargetScope {
  target: RcaTarget;
  /** The one namespace, when the target has exactly one (for object names). */
  namespace?: string;
  /** Every namespace the queries may read (set by the namespace gate); empty: nothing is queried. */
  namespaces: string[];
  /** Regex of the pod names (RE2 syntax, as VictoriaMetrics and VictoriaLogs use). */
  podRegex: string;
  service: string;
}

/**
 * Metrics and logs are keyed by namespace and pod name, not by Kubernetes labels: pods of a
 * Deployment are named `<workload>-<hash>-<id>`, so the kubernetes-id (or name) is the prefix.
 */
export function scopeOf(target: RcaTarget): TargetScope {
  const a = target.entity.metadata.annotations ?? {};
  const service =
    a['backstage.io/kubernetes-id'] ?? target.entity.metadata.name;
  const namespaces = [...(target.namespaces ?? [])];
  return {
    target,
    // Only what the namespace gate allowed: never the annotation itself, never "any namespace".
    namespace: namespaces.length === 1 ? namespaces[0] : undefined,
    namespaces,
    podRegex:
      a[POD_REGEX_ANNOTATION] ?? podRegexOf(service, target.podPatterns),
    service,
  };
}

/**
 * `<service>-.*`, and the names the target's pods were found under (a CronJob's or a differently
 * named workload's pods), each exact enough that a look-alike workload stays out.
 */
function podRegexOf(service: string, patterns: string[] = []): string {
  const own = `${regexLiteral(service)}-.*`;
  return patterns.length ? `(${[own, ...patterns].join('|')})` : own;
}

/** Whether a target has no namespace the requesting user may read (so no query is sent for it). */
export function isHidden(scope: TargetScope): boolean {
  return scope.namespaces.length === 0;
}

/** A regex matching exactly the target's namespaces (callers skip hidden targets). */
export function namespaceRegex(scope: TargetScope): string {
  if (isHidden(scope))
    throw new Error(`no readable namespace for ${scope.target.entityRef}`);
  return scope.namespaces.map(regexLiteral).join('|');
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    },
  );
  await Promise.all(workers);
  return out;
}
