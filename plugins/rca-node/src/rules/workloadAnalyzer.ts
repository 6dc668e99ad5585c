import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import {
  evCondition,
  evEvent,
  evObject,
} from '../sources/kubernetes/kubeEvidence';
import {
  eventsAbout,
  firstEventTime,
  iso,
  ref,
  ownerOf,
} from '../sources/kubernetes/kubeFacts';
import { aboutObject, earliest, eachTarget } from './helpers';
import { nextStepsFor } from './nextSteps';

/**
 * Controller-level causes: stuck rollouts, ReplicaSets refused by a quota, HPAs that cannot scale
 * or are pinned at max, Jobs out of retries.
 */
export class WorkloadAnalyzer implements Analyzer {
  readonly name = 'workloads';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const out: HypothesisDraft[] = [];
    const ev = ctx.evidence;
    eachTarget(ctx, (s, t, scope) => {
      const base = (
        kind: string,
        o: { metadata?: { name?: string; namespace?: string } },
      ) => aboutObject(s.cluster, kind, o, scope, t.target.entityRef);
      const steps = (
        label: Parameters<typeof nextStepsFor>[0],
        kind: string,
        o: { metadata?: { name?: string; namespace?: string } },
        detail?: string,
      ) =>
        nextStepsFor(label, {
          namespace: o.metadata?.namespace,
          kind,
          name: o.metadata?.name,
          detail,
        });

      for (const d of t.deployments) {
        const progressing = d.status?.conditions?.find(
          c => c.type === 'Progressing',
        );
        if (progressing?.status === 'False') {
          out.push({
            ...base('Deployment', d),
            category: 'rollout_stuck_progress_deadline',
            title: 'Rollout stuck: progress deadline exceeded',
            explanation: `Deployment ${
              d.metadata?.name
            } cannot finish its rollout: ${progressing.reason ?? ''} ${
              progressing.message ?? ''
            }`.trim(),
            level: 1,
            onset: iso(progressing.lastTransitionTime),
            evidence: [
              evCondition(ev, s.cluster, 'Deployment', d, progressing),
            ],
            specificity: 0.55,
            symptom: true,
            nextSteps: steps(
              'rollout_stuck_progress_deadline',
              'Deployment',
              d,
            ),
          });
        }
      }

      for (const rs of t.replicaSets) {
        const failure = rs.status?.conditions?.find(
          c => c.type === 'ReplicaFailure' && c.status === 'True',
        );
        const failedCreate = eventsAbout(
          t,
          'ReplicaSet',
          rs.metadata?.name ?? '',
        ).filter(e => e.reason === 'FailedCreate');
        const text = [
          failure?.message ?? '',
          ...failedCreate.map(e => e.message ?? ''),
        ].join('\n');
        if (!failure && !failedCreate.length) continue;
        const quota =
          /exceeded quota|forbidden: exceeded|LimitRange|maximum (cpu|memory) usage/i.test(
            text,
          );
        const owner = ownerOf(rs, 'Deployment');
        const quotaKeys = t.quotas
          .filter(q => q.metadata?.namespace === rs.metadata?.namespace)
          .map(q =>
            evObject(
              ev,
              s.cluster,
              ref('ResourceQuota', q),
              'status',
              `used ${JSON.stringify(
                q.status?.used ?? {},
              )} of hard ${JSON.stringify(q.status?.hard ?? {})}`,
              { severity: 'info' },
            ),
          );
        out.push({
          ...base(
            owner ? 'Deployment' : 'ReplicaSet',
            owner
              ? { metadata: { name: owner, namespace: rs.metadata?.namespace } }
              : rs,
          ),
          category: quota ? 'resource_quota_exceeded' : 'insufficient_evidence',
          title: quota
            ? 'Pods refused by a ResourceQuota'
            : 'ReplicaSet cannot create pods',
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
              ? [evCondition(ev, s.cluster, 'ReplicaSet', rs, failure)]
              : []),
            ...failedCreate.map(e => evEvent(ev, s.cluster, e)),
            ...(quota ? quotaKeys : []),
          ],
          specificity: quota ? 0.95 : 0.4,
          symptom: !quota,
          nextSteps: steps(
            quota ? 'resource_quota_exceeded' : 'insufficient_evidence',
            'Deployment',
            { metadata: { name: owner, namespace: rs.metadata?.namespace } },
          ),
        });
      }

      for (const h of t.hpas) {
        const conditions = h.status?.conditions ?? [];
        const events = eventsAbout(
          t,
          'HorizontalPodAutoscaler',
          h.metadata?.name ?? '',
        );
        const metricEvents = events.filter(e =>
          /FailedGetResourceMetric|FailedComputeMetricsReplicas|FailedGetExternalMetric|FailedGetPodsMetric/.test(
            e.reason ?? '',
          ),
        );
        const inactive = conditions.find(
          c => c.type === 'ScalingActive' && c.status === 'False',
        );
        if (inactive || metricEvents.length) {
          out.push({
            ...base('HorizontalPodAutoscaler', h),
            category: 'hpa_metrics_unavailable',
            title: 'HPA cannot read its metric',
            explanation: `HPA ${h.metadata?.name} cannot compute replicas: ${
              inactive?.message ?? metricEvents[0]?.message ?? ''
            }`,
            level: 1,
            onset: earliest([
              ...metricEvents.map(firstEventTime),
              iso(inactive?.lastTransitionTime),
            ]),
            evidence: [
              ...(inactive
                ? [
                    evCondition(
                      ev,
                      s.cluster,
                      'HorizontalPodAutoscaler',
                      h,
                      inactive,
                    ),
                  ]
                : []),
              ...metricEvents.map(e => evEvent(ev, s.cluster, e)),
            ],
            specificity: 0.85,
            nextSteps: steps(
              'hpa_metrics_unavailable',
              'HorizontalPodAutoscaler',
              h,
            ),
          });
          continue;
        }
        const limited = conditions.find(
          c =>
            c.type === 'ScalingLimited' &&
            c.status === 'True' &&
            c.reason !== 'TooFewReplicas',
        );
        const max = h.spec?.maxReplicas;
        if (max !== undefined && h.status?.currentReplicas === max) {
          out.push({
            ...base('HorizontalPodAutoscaler', h),
            category: 'hpa_maxed_out_saturation',
            title: 'HPA pinned at maxReplicas',
            explanation: `HPA ${
              h.metadata?.name
            } runs ${max} of at most ${max} replicas and wants ${
              h.status?.desiredReplicas ?? '?'
            }${limited?.message ? `: ${limited.message}` : ''}`,
            level: 1,
            onset: iso(limited?.lastTransitionTime),
            evidence: [
              evObject(
                ev,
                s.cluster,
                ref('HorizontalPodAutoscaler', h),
                'status.currentReplicas',
                `currentReplicas ${
                  h.status?.currentReplicas
                } = maxReplicas ${max} (desired ${
                  h.status?.desiredReplicas ?? '?'
                })`,
              ),
              ...(limited
                ? [
                    evCondition(
                      ev,
                      s.cluster,
                      'HorizontalPodAutoscaler',
                      h,
                      limited,
                    ),
                  ]
                : []),
            ],
            specificity: limited ? 0.75 : 0.55,
            nextSteps: steps(
              'hpa_maxed_out_saturation',
              'HorizontalPodAutoscaler',
              h,
            ),
          });
        }
      }

      for (const j of t.jobs) {
        const failed = j.status?.conditions?.find(
          c => c.type === 'Failed' && c.status === 'True',
        );
        if (!failed) continue;
        const backoff = eventsAbout(t, 'Job', j.metadata?.name ?? '').filter(
          e => e.reason === 'BackoffLimitExceeded',
        );
        out.push({
          ...base('Job', j),
          category: 'job_backoff_limit_exceeded',
          title: 'Job exhausted its retries',
          explanation: `Job ${j.metadata?.name} failed ${
            j.status?.failed ?? '?'
          } times: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim(),
          level: 1,
          onset: earliest([
            ...backoff.map(firstEventTime),
            iso(failed.lastTransitionTime),
          ]),
          evidence: [
            evCondition(ev, s.cluster, 'Job', j, failed),
            ...backoff.map(e => evEvent(ev, s.cluster, e)),
          ],
          specificity: failed.reason === 'BackoffLimitExceeded' ? 0.7 : 0.5,
          nextSteps: steps('job_backoff_limit_exceeded', 'Job', j),
        });
      }
    });
    return out;
  }
}
