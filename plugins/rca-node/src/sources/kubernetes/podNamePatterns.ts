import type { V1Pod } from '@kubernetes/client-node';
import { regexLiteral } from '../shared/httpJson';

/** Past this many distinct patterns the selector is too broad to name pods by: none is used. */
const MAX_PATTERNS = 20;

/** A CronJob names its Jobs `<cronjob>-<scheduled time in minutes>`. */
const SCHEDULED_SUFFIX = /-\d{6,}$/;
/** The random suffix the API server appends to generated names (`generateName`). */
const RANDOM = '[a-z0-9]{5}';

/**
 * Regexes (RE2) of the names a workload's pods carry, from each pod's controller, exact enough
 * that a look-alike workload (`api` vs `api-gateway`) stays out: a Deployment's pods are
 * `<deployment>-<pod-template-hash>-<random>`, a StatefulSet's `<name>-<ordinal>`, a DaemonSet's
 * `<name>-<random>`, a CronJob's `<cronjob>-<minutes>-<random>`. A pod without an owner is itself.
 */
export function podNamePatterns(pods: V1Pod[]): string[] {
  const out = new Set<string>();
  for (const p of pods) {
    const owner = p.metadata?.ownerReferences?.find(o => o.controller);
    const name = p.metadata?.name;
    if (!owner) {
      if (name) out.add(regexLiteral(name));
      continue;
    }
    out.add(ownerPattern(owner.kind, owner.name, p));
  }
  return out.size > MAX_PATTERNS ? [] : [...out];
}

function ownerPattern(kind: string, name: string, pod: V1Pod): string {
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`))
    return `${regexLiteral(
      name.slice(0, -hash.length - 1),
    )}-[a-z0-9]{1,10}-${RANDOM}`;
  if (kind === 'StatefulSet') return `${regexLiteral(name)}-[0-9]+`;
  if (kind === 'Job' && SCHEDULED_SUFFIX.test(name))
    return `${regexLiteral(
      name.replace(SCHEDULED_SUFFIX, ''),
    )}-[0-9]+-${RANDOM}`;
  return `${regexLiteral(name)}-${RANDOM}`;
}
