import type { V1Pod } from '@kubernetes/client-node';

/** Past this many distinct prefixes the selector is too broad to be worth naming. */
const MAX_PREFIXES = 20;

/** A CronJob names its Jobs `<cronjob>-<scheduled time in minutes>`. */
const SCHEDULED_SUFFIX = /-\d{6,}$/;

/**
 * The name prefixes under which a workload's pods appear in metrics and logs, from each pod's
 * owner as its controller names it: a Deployment's ReplicaSet is `<deployment>-<pod-template-hash>`,
 * a CronJob's Job `<cronjob>-<minutes>`, StatefulSet and DaemonSet pods carry their owner's name.
 * A pod without an owner stands for itself (`name` alone, no suffix).
 */
export function podPrefixes(pods: V1Pod[]): string[] {
  const out = new Set<string>();
  for (const p of pods) {
    const name = p.metadata?.name;
    const owner = p.metadata?.ownerReferences?.find(o => o.controller);
    if (!owner) {
      if (name) out.add(name);
      continue;
    }
    out.add(ownerPrefix(owner.kind, owner.name, p));
  }
  return [...out].slice(0, MAX_PREFIXES);
}

function ownerPrefix(kind: string, name: string, pod: V1Pod): string {
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`))
    return name.slice(0, -hash.length - 1);
  if (kind === 'Job') return name.replace(SCHEDULED_SUFFIX, '');
  return name;
}
