import type {
  V1Endpoints,
  V1LabelSelector,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import {
  type KubernetesFacts,
  workloadsOf,
} from '../../sources/kubernetes/kubeFacts';

export type Located<T> = { cluster: string; object: T };
type Named = { metadata?: { name?: string; namespace?: string } };
export type Workload = Named & {
  kind: string;
  spec?: { selector?: V1LabelSelector };
};

function collect(facts: KubernetesFacts | undefined) {
  const seen = new Set<string>();
  const once = <T extends Named>(
    kind: string,
    cluster: string,
    list: T[],
    into: Array<Located<T>>,
  ) => {
    for (const o of list) {
      const key = `${cluster}|${kind}|${o.metadata?.namespace}/${o.metadata?.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      into.push({ cluster, object: o });
    }
  };
  const objects = {
    services: [] as Array<Located<V1Service>>,
    endpoints: [] as Array<Located<V1Endpoints>>,
    pods: [] as Array<Located<V1Pod>>,
    workloads: [] as Array<Located<Workload>>,
  };
  for (const c of facts?.clusters ?? [])
    for (const t of c.targets) {
      const { cluster } = c;
      once('Service', cluster, t.services, objects.services);
      once('Service', cluster, t.namespaceServices, objects.services);
      once('Service', cluster, c.peerServices ?? [], objects.services);
      once('Endpoints', cluster, t.namespaceEndpoints ?? [], objects.endpoints);
      once('Pod', cluster, t.pods, objects.pods);
      for (const [kind, list] of workloadsOf(t))
        once(
          kind,
          cluster,
          list.map(w => ({ ...(w as Workload), kind })),
          objects.workloads,
        );
    }
  return objects;
}

export type Objects = ReturnType<typeof collect>;

const byFacts = new WeakMap<KubernetesFacts, Objects>();

/** Every Service, Endpoints, pod and workload the snapshot holds, any target's, once each. */
export function snapshotObjects(facts: KubernetesFacts | undefined): Objects {
  if (!facts) return collect(undefined);
  // Asked once per log template and per policy: the snapshot does not change within a run.
  let objects = byFacts.get(facts);
  if (!objects) byFacts.set(facts, (objects = collect(facts)));
  return objects;
}
