import type {
  V1ReplicaSet,
  V1ReplicaSetCondition,
} from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import {
  evCondition,
  evEvent,
  evObject,
} from '../../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  eventTime,
  firstEventTime,
  iso,
  ownerOf,
  ref,
} from '../../sources/kubernetes/kubeFacts';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest, endedBefore } from '../helpers';
import { kubectl } from '../steps';
import { SPECIFICITY as UNEXPLAINED } from './unexplained';
import { boundingLimitRanges } from './limitRanges';

/** A ResourceQuota or LimitRange refuses the pods. */
export const LABELS = [
  'resource_quota_exceeded',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The ReplicaSet's FailedCreate quotes the quota or LimitRange. */
  quotaRefusal: 0.95,
};

export const TITLES = {
  quota: 'Pods refused by a ResourceQuota',
  limitRange: 'Pods refused by a LimitRange',
  cannotCreate: 'ReplicaSet cannot create pods',
};

/** Admission refusals: a ResourceQuota (exceeded, or requests it requires) or a LimitRange bound. */
const QUOTA_MESSAGE =
  /exceeded quota|forbidden: exceeded|failed quota|must specify (requests|limits)|LimitRange|(maximum|minimum) (cpu|memory|ephemeral-storage) usage|per (Container|Pod) is/i;

/** Usage against hard limits of the quotas in the controller's namespace. */
function quotaEvidence(t: TargetView, rs: Named): string[] {
  return t.objects.quotas
    .filter(q => q.metadata?.namespace === rs.metadata?.namespace)
    .map(q =>
      evObject(
        t.ledger,
        t.cluster,
        ref('ResourceQuota', q),
        'status',
        `used ${JSON.stringify(q.status?.used ?? {})} of hard ${JSON.stringify(
          q.status?.hard ?? {},
        )}`,
        { severity: 'info' },
      ),
    );
}

/** The LimitRanges that set a bound the refusal quotes, each with the bound it sets. */
function limitRangeFindings(t: TargetView, rs: Named, text: string) {
  const found = boundingLimitRanges(
    t.objects.limitRanges,
    rs.metadata?.namespace,
    text,
  );
  return {
    names: found.map(f => ref('LimitRange', f.limitRange)),
    evidence: found.map(f =>
      evObject(
        t.ledger,
        t.cluster,
        ref('LimitRange', f.limitRange),
        'spec.limits',
        f.bounds.join('; '),
        { severity: 'warning' },
      ),
    ),
  };
}

type Named = { metadata?: { name?: string; namespace?: string } };

/**
 * A controller that cannot create its pods (ReplicaSet, StatefulSet, DaemonSet, Job: each writes
 * FailedCreate about itself when admission refuses a pod); a quota or LimitRange when the message
 * says so.
 */
function creatorDraft(
  t: TargetView,
  kind: string,
  rs: Named & { status?: { conditions?: V1ReplicaSetCondition[] } },
): RuleDraft | undefined {
  const failure = rs.status?.conditions?.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  const failedCreate = eventsAbout(
    t.objects,
    kind,
    rs.metadata?.name ?? '',
  ).filter(
    e =>
      e.reason === 'FailedCreate' &&
      !endedBefore(eventTime(e), t.ctx.input.window),
  );
  const text = [
    failure?.message ?? '',
    ...failedCreate.map(e => e.message ?? ''),
  ].join('\n');
  if (!failure && !failedCreate.length) return undefined;
  const quota = QUOTA_MESSAGE.test(text);
  const owner =
    kind === 'ReplicaSet'
      ? ownerOf(rs as V1ReplicaSet, 'Deployment')
      : undefined;
  const namespace = rs.metadata?.namespace;
  const quotaKeys = quotaEvidence(t, rs);
  const limits = limitRangeFindings(t, rs, text);
  const limitedBy = limits.names.length
    ? ` (bound set by ${limits.names.join(', ')})`
    : '';
  return {
    ...t.about(
      owner ? 'Deployment' : kind,
      owner ? { metadata: { name: owner, namespace } } : rs,
    ),
    category: quota ? 'resource_quota_exceeded' : 'insufficient_evidence',
    title: titleOf(quota, limits.names.length > 0),
    explanation: `${kind} ${rs.metadata?.name} cannot create pods: ${
      failedCreate[0]?.message ?? failure?.message ?? ''
    }${limitedBy}`,
    level: 0,
    onset: earliest([
      ...failedCreate.map(firstEventTime),
      iso(failure?.lastTransitionTime),
    ]),
    evidence: [
      ...(failure ? [evCondition(t.ledger, t.cluster, kind, rs, failure)] : []),
      ...failedCreate.map(e => evEvent(t.ledger, t.cluster, e)),
      ...limits.evidence,
      ...(quota ? quotaKeys : []),
    ],
    specificity: quota
      ? SPECIFICITY.quotaRefusal
      : UNEXPLAINED.replicaSetCannotCreate,
    symptom: !quota,
    steps: owner
      ? { namespace, kind: 'Deployment', name: owner }
      : { namespace, kind, name: rs.metadata?.name },
  };
}

function titleOf(quota: boolean, limitRange: boolean): string {
  if (limitRange) return TITLES.limitRange;
  return quota ? TITLES.quota : TITLES.cannotCreate;
}

function workloads(t: TargetView): RuleDraft[] {
  const o = t.objects;
  return [
    ...o.replicaSets.map(x => creatorDraft(t, 'ReplicaSet', x)),
    ...o.statefulSets.map(x => creatorDraft(t, 'StatefulSet', x)),
    ...o.daemonSets.map(x => creatorDraft(t, 'DaemonSet', x)),
    ...o.jobs.map(x => creatorDraft(t, 'Job', x)),
  ].filter((d): d is RuleDraft => !!d);
}

export const quota: RuleFamily = {
  name: 'quota',
  labels: LABELS,
  workloads,
  nextSteps: {
    resource_quota_exceeded: c => [
      {
        text: 'Compare quota usage with the new pods; raise the quota or lower requests.',
        command: `${kubectl(c)} describe resourcequota`,
      },
      {
        text: 'A per-Container or per-Pod bound comes from a LimitRange: compare its min/max with the pod resources.',
        command: `${kubectl(c)} describe limitrange`,
      },
    ],
  },
};
