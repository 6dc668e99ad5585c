import type {
  V1ControllerRevision,
  V1ManagedFieldsEntry,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { ChangeRecord } from './changeFacts';
import { changeAuthor } from './changeAuthor';
import {
  type ClusterSnapshot,
  inWindow,
  iso,
  ownerOf,
  ref,
  replicaSetsOf,
  revisionOf,
  rolloutAt,
  type TargetObjects,
} from './kubeFacts';
import { templateChange } from './templateChange';

type Window = { from: Date; to: Date };
type Obj = {
  metadata?: {
    name?: string;
    namespace?: string;
    creationTimestamp?: Date;
    managedFields?: V1ManagedFieldsEntry[];
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
};

/** A bound per target: a noisy namespace must not flood the report. */
const MAX_PER_TARGET = 200;

/**
 * Every write in the window and its lookback to the objects that can change each target's
 * behaviour, newest first: workload revisions (with their template diff), then the managedFields
 * writes of its ConfigMaps, Secrets (metadata only), NetworkPolicies, Services, Ingresses, HPAs,
 * PVCs, Roles and RoleBindings, and the cordons and taints of its nodes.
 */
export function changeTimeline(
  s: ClusterSnapshot,
  window: Window,
  lookbackMs: number,
): ChangeRecord[] {
  const out: ChangeRecord[] = [];
  for (const t of s.targets) {
    const changes: ChangeRecord[] = [];
    const add = (c: Omit<ChangeRecord, 'cluster' | 'entityRef'>) => {
      if (inWindow(c.at, window, lookbackMs))
        changes.push({
          cluster: s.cluster,
          entityRef: t.target.entityRef,
          ...c,
        });
    };
    rollouts(t, add);
    controllerRevisions(t, add);
    const edited: Array<[string, Obj[]]> = [
      ['ConfigMap', t.configMaps],
      ['Secret', t.secrets],
      ['NetworkPolicy', t.networkPolicies],
      ['Service', t.services],
      ['Ingress', t.ingresses],
      ['HorizontalPodAutoscaler', t.hpas],
      ['PersistentVolumeClaim', t.pvcs],
      ['Role', t.roles],
      ['RoleBinding', t.roleBindings],
    ];
    for (const [kind, list] of edited)
      for (const o of list) writes(kind, o, add);
    nodeChanges(s, t, add);
    changes.sort((a, b) => b.at.localeCompare(a.at));
    out.push(...changes.slice(0, MAX_PER_TARGET));
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

type Add = (c: Omit<ChangeRecord, 'cluster' | 'entityRef'>) => void;

/** Each Deployment revision that became current, when it did (a rollback included). */
function rollouts(t: TargetObjects, add: Add) {
  for (const d of t.deployments) {
    const sets = replicaSetsOf(t, d);
    sets.forEach((rs: V1ReplicaSet, i) => {
      const at = rolloutAt(rs, t.events);
      const previous = sets[i + 1];
      if (!at || !previous) return;
      const reused =
        !!rs.metadata?.annotations?.[
          'deployment.kubernetes.io/revision-history'
        ];
      add({
        object: ref('Deployment', d),
        kind: 'Deployment',
        at,
        what: `${reused ? 'rollback to' : 'rollout'} revision ${revisionOf(
          rs,
        )} (ReplicaSet ${rs.metadata?.name})`,
        who: changeAuthor(latestWrite(d), {
          ...d.metadata,
          annotations: {
            ...d.metadata?.annotations,
            ...rs.metadata?.annotations,
          },
        }),
        diff: templateChange(rs, previous),
      });
    });
  }
}

/** StatefulSet and DaemonSet revisions: a ControllerRevision holds each pod template. */
function controllerRevisions(t: TargetObjects, add: Add) {
  const owners: Array<[string, Obj[]]> = [
    ['StatefulSet', t.statefulSets],
    ['DaemonSet', t.daemonSets],
  ];
  for (const [kind, list] of owners) {
    for (const owner of list) {
      const revisions = t.controllerRevisions
        .filter(r => ownerOf(r, kind) === owner.metadata?.name)
        .sort((a, b) => b.revision - a.revision);
      revisions.forEach((r, i) => {
        const previous = revisions[i + 1];
        const at = iso(r.metadata?.creationTimestamp);
        if (!at || !previous) return;
        add({
          object: ref(kind, owner),
          kind,
          at,
          what: `revision ${r.revision} (ControllerRevision ${r.metadata?.name})`,
          who: changeAuthor(latestWrite(owner), owner.metadata),
          diff: templateChange(asTemplate(r), asTemplate(previous)),
        });
      });
    }
  }
}

function asTemplate(r: V1ControllerRevision): V1ReplicaSet {
  const data = r.data as { spec?: { template?: unknown } } | undefined;
  return { spec: { template: data?.spec?.template } } as V1ReplicaSet;
}

/** The writes recorded in managedFields (status updates excluded: they are not changes of intent). */
function writes(kind: string, o: Obj, add: Add) {
  const created = iso(o.metadata?.creationTimestamp);
  if (created)
    add({ object: ref(kind, o), kind, at: created, what: 'created' });
  for (const f of o.metadata?.managedFields ?? []) {
    const at = iso(f.time as Date);
    if (!at || f.subresource === 'status') continue;
    // The write that created the object is already listed as its creation.
    if (created && Date.parse(at) < Date.parse(created) + 1000) continue;
    add({
      object: ref(kind, o),
      kind,
      at,
      what: fieldsTouched(f) ? `edited (${fieldsTouched(f)})` : 'edited',
      who: changeAuthor(f, o.metadata),
    });
  }
}

/** Cordons and taints of the nodes the target's pods run on. */
function nodeChanges(s: ClusterSnapshot, t: TargetObjects, add: Add) {
  const names = new Set(t.pods.map(p => p.spec?.nodeName).filter(Boolean));
  for (const name of names) {
    const node = s.nodes.get(name!);
    for (const f of node?.metadata?.managedFields ?? []) {
      const spec = (f.fieldsV1 as Record<string, Record<string, unknown>>)?.[
        'f:spec'
      ];
      const at = iso(f.time as Date);
      if (!spec || !at || f.subresource === 'status') continue;
      const what = [
        'f:unschedulable' in spec
          ? `${node!.spec?.unschedulable ? 'cordoned' : 'uncordoned'}`
          : '',
        'f:taints' in spec
          ? `taints now ${
              (node!.spec?.taints ?? [])
                .map(x => `${x.key}:${x.effect}`)
                .join(', ') || 'none'
            }`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      if (what)
        add({
          object: ref('Node', node!),
          kind: 'Node',
          at,
          what,
          who: changeAuthor(f, node!.metadata),
        });
    }
  }
}

function latestWrite(o: Obj): V1ManagedFieldsEntry | undefined {
  return (o.metadata?.managedFields ?? [])
    .filter(f => f.subresource !== 'status')
    .sort((a, b) =>
      (iso(a.time as Date) ?? '').localeCompare(iso(b.time as Date) ?? ''),
    )
    .pop();
}

/** The top-level fields a managedFields entry owns, e.g. `data.LOG_LEVEL, spec.ingress`. */
function fieldsTouched(f: V1ManagedFieldsEntry): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(
    (f.fieldsV1 ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const top = k.replace(/^f:/, '');
    if (top === 'metadata') continue;
    const sub = Object.keys(v ?? {})
      .filter(x => x.startsWith('f:'))
      .map(x => `${top}.${x.slice(2)}`);
    out.push(...(sub.length ? sub : [top]));
  }
  return out.slice(0, 8).join(', ');
}
