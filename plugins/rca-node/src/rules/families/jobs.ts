import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evCondition, evEvent } from '../../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
  iso,
} from '../../sources/kubernetes/kubeFacts';
import type { RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest, endedBefore } from '../helpers';
import { logsDuring } from '../logsDuring';
import { kubectl } from '../steps';

/** A Job ran out of retries. */
export const LABELS = [
  'job_backoff_limit_exceeded',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** Failed with reason BackoffLimitExceeded. */
  backoffLimit: 0.7,
  /** Failed for another reason (deadline, pod failure policy). */
  otherFailure: 0.5,
};

export const TITLES = {
  failed: 'Job exhausted its retries',
};

function workloads(t: TargetView): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const j of t.objects.jobs) {
    const failed = j.status?.conditions?.find(
      c => c.type === 'Failed' && c.status === 'True',
    );
    if (!failed) continue;
    const failedAt = iso(failed.lastTransitionTime);
    // A Job that failed before the window is history: a CronJob's next run may well succeed.
    const history = endedBefore(failedAt, t.ctx.input.window)
      ? `Job ${j.metadata?.name} failed at ${failedAt}, before the window`
      : undefined;
    const backoff = eventsAbout(
      t.objects,
      'Job',
      j.metadata?.name ?? '',
    ).filter(e => e.reason === 'BackoffLimitExceeded');
    const about = t.about('Job', j);
    const output = history
      ? { evidence: [] }
      : logsDuring(t.ctx, about.entityRef, {
          from: iso(j.status?.startTime),
          to: failedAt,
        });
    out.push({
      ...about,
      ruledOut: history,
      category: 'job_backoff_limit_exceeded',
      title: TITLES.failed,
      explanation:
        `Job ${j.metadata?.name} failed ${j.status?.failed ?? '?'} times: ${
          failed.reason ?? ''
        } ${failed.message ?? ''}`.trim() +
        (output.text ? `; ${output.text}` : ''),
      level: 1,
      onset: earliest([
        ...backoff.map(firstEventTime),
        iso(failed.lastTransitionTime),
      ]),
      evidence: [
        evCondition(t.ledger, t.cluster, 'Job', j, failed),
        ...backoff.map(e => evEvent(t.ledger, t.cluster, e)),
        ...output.evidence,
      ],
      specificity:
        failed.reason === 'BackoffLimitExceeded'
          ? SPECIFICITY.backoffLimit
          : SPECIFICITY.otherFailure,
      steps: {
        namespace: j.metadata?.namespace,
        kind: 'Job',
        name: j.metadata?.name,
      },
    });
  }
  return out;
}

export const jobs: RuleFamily = {
  name: 'jobs',
  labels: LABELS,
  workloads,
  nextSteps: {
    job_backoff_limit_exceeded: c => [
      {
        text: 'Read the failed pods of the Job.',
        command: `${kubectl(c)} logs job/${c.name ?? '<job>'} --previous`,
      },
    ],
  },
};
