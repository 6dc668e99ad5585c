import { type ClusterView, type Flag, flag, nsName, type Obj } from './flags';

/** k8sgpt's Deployment analyzer: ready replicas short of the spec, Progressing=False. */
export function deploymentAnalyzer(view: ClusterView): Flag[] {
  return view.of('Deployment').flatMap(d => {
    const out: Flag[] = [];
    // A fixture that does not model the status says nothing about readiness.
    if (!d.status) return out;
    const want = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    if (want !== ready)
      out.push(
        flag(
          'Deployment',
          d,
          `Deployment ${nsName(
            d,
          )} has ${want} replicas but ${ready} are available with status running`,
        ),
      );
    for (const c of d.status?.conditions ?? [])
      if (c.type === 'Progressing' && c.status === 'False')
        out.push(
          flag(
            'Deployment',
            d,
            `Deployment ${nsName(d)} has condition Progressing=False, reason ${
              c.reason
            }: ${c.message}`,
          ),
        );
    return out;
  });
}

/** k8sgpt's ReplicaSet analyzer: no replicas and a FailedCreate ReplicaFailure condition. */
export function replicaSetAnalyzer(view: ClusterView): Flag[] {
  return view
    .of('ReplicaSet')
    .flatMap(rs =>
      (rs.status?.replicas ?? 0) === 0
        ? (rs.status?.conditions ?? [])
            .filter(
              (c: Obj) =>
                c.type === 'ReplicaFailure' && c.reason === 'FailedCreate',
            )
            .map((c: Obj) => flag('ReplicaSet', rs, c.message))
        : [],
    );
}

function statefulSetPods(view: ClusterView, s: Obj): Flag[] {
  const name = s.metadata.name;
  const pods = view
    .of('Pod')
    .filter(p => p.metadata.name.startsWith(`${name}-`));
  if (!pods.some(p => p.metadata.name === `${name}-0`))
    return view
      .eventsOf('StatefulSet', name, s.metadata.namespace)
      .filter(e => e.type !== 'Normal')
      .slice(0, 1)
      .map(e => flag('StatefulSet', s, e.message));
  return pods
    .filter(p => p.status?.phase !== 'Running')
    .map(p =>
      flag(
        'StatefulSet',
        s,
        `Statefulset pod ${p.metadata.name} in the namespace ${p.metadata.namespace} is not in running state.`,
      ),
    );
}

/** k8sgpt's StatefulSet analyzer: missing governing Service or StorageClass, pods not running. */
export function statefulSetAnalyzer(view: ClusterView): Flag[] {
  const services = new Set(view.of('Service').map(nsName));
  const classes = new Set(view.of('StorageClass').map(c => c.metadata.name));
  return view.of('StatefulSet').flatMap(s => {
    const ns = s.metadata.namespace;
    const out: Flag[] = [];
    if (s.spec?.serviceName && !services.has(`${ns}/${s.spec.serviceName}`))
      out.push(
        flag(
          'StatefulSet',
          s,
          `StatefulSet uses the service ${ns}/${s.spec.serviceName} which does not exist.`,
        ),
      );
    for (const t of s.spec?.volumeClaimTemplates ?? []) {
      const sc = t.spec?.storageClassName;
      if (sc && view.of('StorageClass').length && !classes.has(sc))
        out.push(
          flag(
            'StatefulSet',
            s,
            `StatefulSet uses the storage class ${sc} which does not exist.`,
          ),
        );
    }
    if ((s.spec?.replicas ?? 1) !== (s.status?.availableReplicas ?? 0))
      out.push(...statefulSetPods(view, s));
    return out;
  });
}

/** k8sgpt's DaemonSet analyzer: fewer ready pods than scheduled. */
export function daemonSetAnalyzer(view: ClusterView): Flag[] {
  return view.of('DaemonSet').flatMap(d => {
    const desired = d.status?.desiredNumberScheduled ?? 0;
    const ready = d.status?.numberReady ?? 0;
    return ready < desired
      ? [
          flag(
            'DaemonSet',
            d,
            `DaemonSet ${nsName(
              d,
            )} has ${ready} ready replicas out of ${desired} scheduled`,
          ),
        ]
      : [];
  });
}

/** k8sgpt's Job and CronJob analyzers: suspended, or failed without completing. */
export function jobAnalyzers(view: ClusterView): Flag[] {
  const jobs = view.of('Job').flatMap(j => {
    if (j.spec?.suspend)
      return [flag('Job', j, `Job ${j.metadata.name} is suspended`)];
    const done = (j.status?.conditions ?? []).some(
      (c: Obj) =>
        ['Complete', 'SuccessCriteriaMet'].includes(c.type) &&
        c.status === 'True',
    );
    if (!(j.status?.failed > 0) || done) return [];
    const backoff = view
      .eventsOf('Job', j.metadata.name, j.metadata.namespace)
      .find(e => e.reason === 'BackoffLimitExceeded');
    return [
      flag('Job', j, backoff?.message ?? `Job ${j.metadata.name} has failed`),
    ];
  });
  const cronJobs = view
    .of('CronJob')
    .filter(c => c.spec?.suspend)
    .map(c => flag('CronJob', c, `CronJob ${c.metadata.name} is suspended`));
  return [...jobs, ...cronJobs];
}
