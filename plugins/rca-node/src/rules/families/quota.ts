import type { V1ReplicaSet } from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import {
  evCondition,
  evEvent,
  evObject,
} from '../../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
  iso,
  ownerOf,
  ref,
} from '../../sources/kubernetes/kubeFacts';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest } from '../helpers';
import { kubectl } from '../steps';
import { SPECIFICITY as UNEXPLAINED } from './unexplained';

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
  cannotCreate: 'ReplicaSet cannot create pods',
};

const QUOTA_MESSAGE =
  /exceeded quota|forbidden: exceeded|LimitRange|maximum (cpu|memory) usage/i;

/** Usage against hard limits of the quotas in the ReplicaSet's namespace. */
function quotaEvidence(t: TargetView, rs: V1ReplicaSet): string[] {
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

/** A ReplicaSet that cannot create its pods; a quota when the message says so. */
function replicaSetDraft(
  t: TargetView,
  rs: V1ReplicaSet,
): RuleDraft | undefined {
  const failure = rs.status?.conditions?.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  const failedCreate = eventsAbout(
    t.objects,
    'ReplicaSet',
    rs.metadata?.name ?? '',
  ).filter(e => e.reason === 'FailedCreate');
  const text = [
    failure?.message ?? '',
    ...failedCreate.map(e => e.message ?? ''),
  ].join('\n');
  if (!failure && !failedCreate.length) return undefined;
  const quota = QUOTA_MESSAGE.test(text);
  const owner = ownerOf(rs, 'Deployment');
  const namespace = rs.metadata?.namespace;
  const quotaKeys = quotaEvidence(t, rs);
  return {
    ...t.about(
      owner ? 'Deployment' : 'ReplicaSet',
      owner ? { metadata: { name: owner, namespace } } : rs,
    ),
    category: quota ? 'resource_quota_exceeded' : 'insufficient_evidence',
    title: quota ? TITLES.quota : TITLES.cannotCreate,
    explanation: `ReplicaSet ${rs.metadata?.name} cannot create pods: ${
      failedCreate[0]?.message ?? failure?.message ?? ''
    }`,
    level: 0,
    onset: earliest([
      ...failedCreate.map(firstEventTime),
      iso(failure?.lastTransitionTime),
    ]),
    evidence: [
      ...(failure
        ? [evCondition(t.ledger, t.cluster, 'ReplicaSet', rs, failure)]
        : []),
      ...failedCreate.map(e => evEvent(t.ledger, t.cluster, e)),
      ...(quota ? quotaKeys : []),
    ],
    specificity: quota
      ? SPECIFICITY.quotaRefusal
      : UNEXPLAINED.replicaSetCannotCreate,
    symptom: !quota,
    steps: { namespace, kind: 'Deployment', name: owner },
  };
}

function workloads(t: TargetView): RuleDraft[] {
  return t.objects.replicaSets.flatMap(rs => replicaSetDraft(t, rs) ?? []);
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
    ],
  },
};
