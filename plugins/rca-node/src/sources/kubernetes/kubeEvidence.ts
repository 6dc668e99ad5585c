import type {
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { EvidenceLedger } from '../../contracts/EvidenceLedger';
import {
  eventCount,
  eventTime,
  iso,
  ref,
  revisionOf,
  rolloutAt,
} from './kubeFacts';

/*
 * One place that turns Kubernetes facts into evidence text, used by the collector (to list
 * everything notable) and by analyzers (to cite): the ledger dedupes identical drafts, so both get
 * the same evidence id.
 */

export function evEvent(
  ledger: EvidenceLedger,
  cluster: string,
  e: CoreV1Event,
): string {
  const n = eventCount(e);
  const count = n > 1 ? ` ×${n}` : '';
  return ledger.add({
    source: 'kubernetes',
    cluster,
    object: `${e.involvedObject?.kind} ${
      e.involvedObject?.namespace ?? e.metadata?.namespace ?? ''
    }/${e.involvedObject?.name}`,
    field: `event ${e.reason ?? ''}`.trim(),
    text: `${e.type ?? 'Normal'} ${e.reason ?? ''}${count}: ${e.message ?? ''}`,
    timestamp: eventTime(e),
    severity: e.type === 'Warning' ? 'warning' : 'info',
  });
}

export function containerStatuses(
  pod: V1Pod,
): Array<{ status: V1ContainerStatus; init: boolean }> {
  return [
    ...(pod.status?.initContainerStatuses ?? []).map(status => ({
      status,
      init: true,
    })),
    ...(pod.status?.containerStatuses ?? []).map(status => ({
      status,
      init: false,
    })),
  ];
}

export function evContainerState(
  ledger: EvidenceLedger,
  cluster: string,
  pod: V1Pod,
  cs: V1ContainerStatus,
  init: boolean,
): string | undefined {
  const label = `${init ? 'init container' : 'container'} ${cs.name}`;
  const w = cs.state?.waiting;
  const t = cs.state?.terminated;
  if (!w && !t) return undefined;
  const field = `status.${
    init ? 'initContainerStatuses' : 'containerStatuses'
  }[${cs.name}].state.${w ? 'waiting' : 'terminated'}`;
  const text = w
    ? `${label} waiting: ${w.reason ?? 'unknown'}${
        w.message ? `: ${w.message}` : ''
      } (restarts ${cs.restartCount ?? 0})`
    : `${label} terminated: ${t!.reason ?? 'unknown'} exit ${t!.exitCode}${
        t!.message ? `: ${t!.message}` : ''
      }`;
  return ledger.add({
    source: 'kubernetes',
    cluster,
    object: ref('Pod', pod),
    field,
    text,
    timestamp: w ? undefined : iso(t!.finishedAt),
    severity: 'error',
  });
}

export function evLastTermination(
  ledger: EvidenceLedger,
  cluster: string,
  pod: V1Pod,
  cs: V1ContainerStatus,
  init: boolean,
): string | undefined {
  const t = cs.lastState?.terminated;
  if (!t) return undefined;
  const ran =
    t.startedAt && t.finishedAt
      ? `, ran ${Math.round(
          (new Date(t.finishedAt).getTime() - new Date(t.startedAt).getTime()) /
            1000,
        )} s`
      : '';
  return ledger.add({
    source: 'kubernetes',
    cluster,
    object: ref('Pod', pod),
    field: `status.${init ? 'initContainerStatuses' : 'containerStatuses'}[${
      cs.name
    }].lastState.terminated`,
    text: `${init ? 'init container' : 'container'} ${
      cs.name
    } last terminated: ${t.reason ?? 'unknown'} exit ${t.exitCode}${ran}${
      t.message ? `; message: ${t.message}` : ''
    } (restarts ${cs.restartCount ?? 0})`,
    timestamp: iso(t.finishedAt),
    severity: t.reason === 'Completed' && t.exitCode === 0 ? 'info' : 'error',
  });
}

export function evCondition(
  ledger: EvidenceLedger,
  cluster: string,
  kind: string,
  obj: { metadata?: { name?: string; namespace?: string } },
  cond: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
    lastTransitionTime?: Date | string;
  },
): string {
  return ledger.add({
    source: 'kubernetes',
    cluster,
    object: ref(kind, obj),
    field: `status.conditions[${cond.type}]`,
    text: `${cond.type}=${cond.status}${cond.reason ? ` ${cond.reason}` : ''}${
      cond.message ? `: ${cond.message}` : ''
    }`,
    timestamp: iso(cond.lastTransitionTime as Date),
    severity: 'warning',
  });
}

export function imagesOf(rs: V1ReplicaSet): string {
  return (rs.spec?.template?.spec?.containers ?? [])
    .map(c => `${c.name}=${c.image}`)
    .join(', ');
}

export function evRollout(
  ledger: EvidenceLedger,
  cluster: string,
  rs: V1ReplicaSet,
  previous?: V1ReplicaSet,
  change?: string,
  at: string | undefined = rolloutAt(rs),
): string {
  const cause = rs.metadata?.annotations?.['kubernetes.io/change-cause'];
  const was = previous
    ? ` (revision ${revisionOf(previous)}: ${imagesOf(previous)})`
    : '';
  return ledger.add({
    source: 'kubernetes',
    cluster,
    object: ref('ReplicaSet', rs),
    field: 'metadata.annotations[deployment.kubernetes.io/revision]',
    text: `rollout revision ${revisionOf(rs)}: ${imagesOf(rs)}${was}${
      change ? `; pod template change: ${change}` : ''
    }${cause ? `; change-cause: ${cause}` : ''}`,
    timestamp: at,
    severity: 'info',
  });
}

export function evObject(
  ledger: EvidenceLedger,
  cluster: string,
  object: string,
  field: string,
  text: string,
  options: {
    timestamp?: string;
    severity?: 'info' | 'warning' | 'error';
    /** The namespace (`''`: cluster scope) it was read from, when beyond the targets'. */
    drawnFrom?: string;
  } = {},
): string {
  return ledger.add(
    {
      source: 'kubernetes',
      cluster,
      object,
      field,
      text,
      timestamp: options.timestamp,
      severity: options.severity ?? 'warning',
    },
    options.drawnFrom === undefined
      ? undefined
      : { cluster, namespace: options.drawnFrom },
  );
}
