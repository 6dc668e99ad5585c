import type { FactStore } from '../../contracts';
import { KUBERNETES_FACTS } from '../../sources/kubernetes/kubeFacts';

/** Workloads named in a "healthy" verdict; more would not help a reader. */
const MAX_NAMED = 6;

/**
 * The analysed component's own workloads as a responder names them (`Deployment shop/api`,
 * `CronJob shop/backup`: a Job's CronJob rather than each run), so a "healthy" verdict says
 * what was checked.
 */
export function checkedWorkloads(facts: FactStore): string[] {
  const names = new Set<string>();
  for (const c of facts.get(KUBERNETES_FACTS)?.clusters ?? []) {
    for (const t of c.targets.filter(x => x.target.role === 'target')) {
      const add = (kind: string, m?: { namespace?: string; name?: string }) =>
        m?.name && names.add(`${kind} ${m.namespace ?? '?'}/${m.name}`);
      t.deployments.forEach(d => add('Deployment', d.metadata));
      t.statefulSets.forEach(s => add('StatefulSet', s.metadata));
      t.daemonSets.forEach(d => add('DaemonSet', d.metadata));
      for (const job of t.jobs) {
        const cron = job.metadata?.ownerReferences?.find(
          o => o.kind === 'CronJob',
        );
        if (cron)
          add('CronJob', {
            namespace: job.metadata?.namespace,
            name: cron.name,
          });
        else add('Job', job.metadata);
      }
    }
  }
  return [...names].sort().slice(0, MAX_NAMED);
}
