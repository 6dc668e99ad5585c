import type { FactStore } from '../../contracts';
import { KUBERNETES_FACTS } from '../../sources/kubernetes/kubeFacts';

/** One sentence on what the entity's own workloads look like: pods not ready, restarts, Deployments short. */
export function describeImpact(facts: FactStore, entityRef: string): string {
  const k8s = facts.get(KUBERNETES_FACTS);
  const own = (k8s?.clusters ?? []).flatMap(s =>
    s.targets.filter(t => t.target.role === 'target').map(t => ({ s, t })),
  );
  if (!own.length)
    return `No Kubernetes workloads of ${entityRef} could be observed.`;
  const pods = own.flatMap(x => x.t.pods);
  const notReady = pods.filter(
    p =>
      !p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ),
  );
  const restarts = pods.reduce(
    (n, p) =>
      n +
      (p.status?.containerStatuses ?? []).reduce(
        (m, c) => m + (c.restartCount ?? 0),
        0,
      ),
    0,
  );
  const deployments = own.flatMap(x => x.t.deployments);
  const unavailable = deployments.filter(
    d =>
      (d.status?.unavailableReplicas ?? 0) > 0 ||
      (d.status?.availableReplicas ?? 0) < (d.spec?.replicas ?? 1),
  );
  const clusters = [
    ...new Set(own.filter(x => x.t.pods.length).map(x => x.s.cluster)),
  ];
  return `${notReady.length} of ${
    pods.length
  } pods of ${entityRef} not ready across ${clusters.length} cluster(s)${
    clusters.length ? ` (${clusters.join(', ')})` : ''
  }; ${restarts} container restarts; ${unavailable.length} of ${
    deployments.length
  } Deployments below their desired available replicas.`;
}
