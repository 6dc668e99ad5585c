import type {
  CoreV1Event,
  V1ConfigMap,
  V1ControllerRevision,
  V1DaemonSet,
  V1Deployment,
  V1Endpoints,
  V1Ingress,
  V1Job,
  V1NetworkPolicy,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1ResourceQuota,
  V1LimitRange,
  V1Role,
  V1RoleBinding,
  V1Secret,
  V1Service,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { createFactRef, type RcaTarget } from '../../contracts';

/** The objects of one target (entity or dependency) in one cluster. */
export interface TargetObjects {
  target: RcaTarget;
  namespaces: string[];
  pods: V1Pod[];
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
  statefulSets: V1StatefulSet[];
  daemonSets: V1DaemonSet[];
  /** Revisions of the StatefulSets and DaemonSets (their pod templates over time). */
  controllerRevisions: V1ControllerRevision[];
  services: V1Service[];
  /**
   * Every Service in the target's namespaces (its own among them): what an Ingress backend or a
   * failing call in the logs names. Empty when they could not be listed.
   */
  namespaceServices: V1Service[];
  /** The Endpoints of the target's own Services. */
  endpoints: V1Endpoints[];
  /**
   * Every Endpoints object in the target's namespaces: which Service an address a failing call
   * went to belongs to (a pod behind a headless Service, a hand-set external address).
   */
  namespaceEndpoints?: V1Endpoints[];
  ingresses: V1Ingress[];
  hpas: V2HorizontalPodAutoscaler[];
  pvcs: V1PersistentVolumeClaim[];
  jobs: V1Job[];
  quotas: V1ResourceQuota[];
  /** The namespaces' LimitRanges: admission refuses a pod outside their bounds. */
  limitRanges: V1LimitRange[];
  networkPolicies: V1NetworkPolicy[];
  /** Metadata only, read as PartialObjectMetadata: the data never reaches the engine. */
  configMaps: V1ConfigMap[];
  /** The keys and short settings of the ConfigMaps the pods refer to, read by name. */
  configMapContents: ConfigMapContents[];
  /** Metadata only, read as PartialObjectMetadata: Secret values never reach the engine. */
  secrets: V1Secret[];
  /** Roles and RoleBindings that bind the pods' service accounts. */
  roles: V1Role[];
  roleBindings: V1RoleBinding[];
  /** Events about these objects, any type, inside the window (plus a short lead-in). */
  events: CoreV1Event[];
}

/** A ConfigMap reduced to what a responder needs: its keys, and its short one-line values. */
export interface ConfigMapContents {
  namespace: string;
  name: string;
  keys: string[];
  /** Values that are plain settings (numbers, sizes, durations, booleans); no other value is kept. */
  settings: Record<string, string>;
}

export interface ClusterSnapshot {
  cluster: string;
  targets: TargetObjects[];
  /** Warning events in the namespaces about objects that belong to no target: possible noise. */
  namespaceWarnings: CoreV1Event[];
  nodes: Map<string, V1Node>;
  /**
   * Services of the namespaces the targets' egress policies name (a callee's), read only where the
   * requesting user may read (see peerServices.ts).
   */
  peerServices?: V1Service[];
  /** Every node, listed only when a target runs a DaemonSet (which nodes it skips). */
  allNodes?: V1Node[];
  /** Pods of the readable namespaces on a node under memory or disk pressure: who else uses it. */
  neighbours?: Map<string, V1Pod[]>;
  ingressClasses?: Set<string>;
  storageClasses?: Set<string>;
}

export interface KubernetesFacts {
  clusters: ClusterSnapshot[];
}

export const KUBERNETES_FACTS = createFactRef<KubernetesFacts>('kubernetes');

export function iso(
  value: Date | string | undefined | null,
): string | undefined {
  if (!value) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/*
 * Events written through events.k8s.io/v1 (the scheduler's, for one) carry eventTime (first
 * occurrence) and series {count, lastObservedTime}, and no count/lastTimestamp in the core/v1 view.
 * MicroTime fields arrive as strings.
 */

/** The latest occurrence of an event. */
export function eventTime(e: CoreV1Event): string | undefined {
  return (
    iso(e.series?.lastObservedTime as unknown as string) ??
    iso(e.lastTimestamp) ??
    iso(e.eventTime as unknown as string) ??
    iso(e.firstTimestamp) ??
    iso(e.metadata?.creationTimestamp)
  );
}

/** The first occurrence of an event. */
export function firstEventTime(e: CoreV1Event): string | undefined {
  return (
    iso(e.firstTimestamp) ??
    iso(e.eventTime as unknown as string) ??
    eventTime(e)
  );
}

/** How many times the event occurred. */
export function eventCount(e: CoreV1Event): number {
  return e.series?.count ?? e.count ?? 1;
}

export function ref(
  kind: string,
  o: { metadata?: { namespace?: string; name?: string } },
): string {
  const ns = o.metadata?.namespace;
  return `${kind} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}

export function ownerOf(
  o: {
    metadata?: {
      ownerReferences?: Array<{
        kind: string;
        name: string;
        controller?: boolean;
      }>;
    };
  },
  kind: string,
) {
  return o.metadata?.ownerReferences?.find(r => r.kind === kind)?.name;
}

export function eventsAbout(
  t: TargetObjects,
  kind: string,
  name: string,
): CoreV1Event[] {
  return t.events.filter(
    e => e.involvedObject?.kind === kind && e.involvedObject?.name === name,
  );
}

export function revisionOf(rs: V1ReplicaSet): number {
  return Number(
    rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
  );
}

/** ReplicaSets of a Deployment, newest revision first. */
export function replicaSetsOf(
  t: TargetObjects,
  deployment: V1Deployment,
): V1ReplicaSet[] {
  return t.replicaSets
    .filter(
      rs =>
        ownerOf(rs, 'Deployment') === deployment.metadata?.name &&
        rs.metadata?.namespace === deployment.metadata?.namespace,
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}

/** The Deployment (or other top owner) a pod belongs to, for grouping pod-level findings upstream. */
export function topOwner(
  t: TargetObjects,
  pod: V1Pod,
): { kind: string; name: string } {
  const rsName = ownerOf(pod, 'ReplicaSet');
  if (rsName) {
    const rs = t.replicaSets.find(r => r.metadata?.name === rsName);
    const dep = rs && ownerOf(rs, 'Deployment');
    if (dep) return { kind: 'Deployment', name: dep };
    return { kind: 'ReplicaSet', name: rsName };
  }
  for (const kind of ['StatefulSet', 'DaemonSet', 'Job']) {
    const name = ownerOf(pod, kind);
    if (name) return { kind, name };
  }
  return { kind: 'Pod', name: pod.metadata?.name ?? '?' };
}

/**
 * When a ReplicaSet became the Deployment's current revision. A `kubectl rollout undo` reuses an
 * old ReplicaSet (the controller bumps its revision and records the old ones in
 * `revision-history`), so its creation time says nothing: the controller's "Scaled up replica set"
 * event, else the managedFields time of the revision write, tells when.
 */
export function rolloutAt(
  rs: V1ReplicaSet,
  events: CoreV1Event[] = [],
): string | undefined {
  const created = iso(rs.metadata?.creationTimestamp);
  const annotations = rs.metadata?.annotations ?? {};
  if (!annotations['deployment.kubernetes.io/revision-history'] && created)
    return created;
  const revisionWrite = (rs.metadata?.managedFields ?? [])
    .filter(f =>
      JSON.stringify(f.fieldsV1 ?? {}).includes(
        'f:deployment.kubernetes.io/revision"',
      ),
    )
    .map(f => iso(f.time as Date))
    .filter((x): x is string => !!x)
    .sort()
    .pop();
  const deployment = ownerOf(rs, 'Deployment');
  const scaledUp = events
    .filter(
      e =>
        e.reason === 'ScalingReplicaSet' &&
        e.involvedObject?.name === deployment &&
        (e.message ?? '').startsWith(
          `Scaled up replica set ${rs.metadata?.name} `,
        ),
    )
    .map(firstEventTime)
    .filter((x): x is string => !!x && (!created || x > created))
    .sort()[0];
  return revisionWrite ?? scaledUp ?? created;
}

export function inWindow(
  time: string | undefined,
  window: { from: Date; to: Date },
  leadMs = 0,
): boolean {
  if (!time) return true;
  const t = Date.parse(time);
  return t >= window.from.getTime() - leadMs && t <= window.to.getTime();
}

/** Latest write to an object: managedFields time, else creation. */
export function changedAt(o: {
  metadata?: {
    managedFields?: Array<{ time?: Date | string }>;
    creationTimestamp?: Date | string;
  };
}): string | undefined {
  return [
    ...(o.metadata?.managedFields ?? []).map(f => iso(f.time as Date)),
    iso(o.metadata?.creationTimestamp as Date),
  ]
    .filter((t): t is string => !!t)
    .sort()
    .pop();
}

type Named = { metadata?: { name?: string; namespace?: string } };

/** The objects of one entity's target in every cluster that has it. */
export function targetObjectsOf(
  facts: KubernetesFacts | undefined,
  entityRef: string,
): TargetObjects[] {
  return (facts?.clusters ?? []).flatMap(c =>
    c.targets.filter(t => t.target.entityRef === entityRef),
  );
}

/** A target's workload objects by kind, in the order a subject is named (Deployment first). */
export function workloadsOf(t: TargetObjects): Array<[string, Named[]]> {
  return [
    ['Deployment', t.deployments],
    ['StatefulSet', t.statefulSets],
    ['DaemonSet', t.daemonSets],
  ];
}
