import type {
  CoreV1Event,
  V2HorizontalPodAutoscaler,
  V2HorizontalPodAutoscalerCondition,
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
  ref,
} from '../../sources/kubernetes/kubeFacts';
import type { MetricsView, RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest } from '../helpers';
import { kubectl } from '../steps';

/** The HorizontalPodAutoscaler cannot read its metric, or is pinned at maxReplicas. */
export const LABELS = [
  'hpa_metrics_unavailable',
  'hpa_maxed_out_saturation',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** ScalingActive=False or FailedGet…Metric events. */
  metricsUnavailable: 0.85,
  /** At maxReplicas and ScalingLimited says so. */
  maxedOutLimited: 0.75,
  /** At maxReplicas, no ScalingLimited condition. */
  maxedOut: 0.55,
  /** At maxReplicas in the metrics while errors or latency rose. */
  maxedOutMetricWithRegression: 0.8,
  /** At maxReplicas in the metrics, users unaffected. */
  maxedOutMetric: 0.55,
};

export const TITLES = {
  metricsUnavailable: 'HPA cannot read its metric',
  maxedOut: 'HPA pinned at maxReplicas',
  maxedOutMetric: (hpa: string) => `HPA ${hpa} is at maxReplicas`,
};

const METRIC_FAILURES =
  /FailedGetResourceMetric|FailedComputeMetricsReplicas|FailedGetExternalMetric|FailedGetPodsMetric/;

const HPA = 'HorizontalPodAutoscaler';

/**
 * Why failed metric reads no longer matter: the events stopped, and ScalingActive has been True
 * since then (the controller computes replicas again). Undefined when the outage may still go on.
 */
function recovered(
  conditions: V2HorizontalPodAutoscalerCondition[],
  failures: CoreV1Event[],
): string | undefined {
  const active = conditions.find(
    c => c.type === 'ScalingActive' && c.status === 'True',
  );
  const since = iso(active?.lastTransitionTime);
  const last = failures
    .map(eventTime)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
  if (!active || !since || !last || since < last) return undefined;
  return `the metric reads failed until ${last}; ScalingActive has been True since ${since} (${
    active.reason ?? 'recovered'
  })`;
}

function hpaDraft(
  t: TargetView,
  h: V2HorizontalPodAutoscaler,
): RuleDraft | undefined {
  const conditions = h.status?.conditions ?? [];
  const steps = {
    namespace: h.metadata?.namespace,
    kind: HPA,
    name: h.metadata?.name,
  };
  const metricEvents = eventsAbout(
    t.objects,
    HPA,
    h.metadata?.name ?? '',
  ).filter(e => METRIC_FAILURES.test(e.reason ?? ''));
  const inactive = conditions.find(
    c => c.type === 'ScalingActive' && c.status === 'False',
  );
  if (inactive || metricEvents.length) {
    return {
      ...(inactive ? {} : { ruledOut: recovered(conditions, metricEvents) }),
      ...t.about(HPA, h),
      category: 'hpa_metrics_unavailable',
      title: TITLES.metricsUnavailable,
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
          ? [evCondition(t.ledger, t.cluster, HPA, h, inactive)]
          : []),
        ...metricEvents.map(e => evEvent(t.ledger, t.cluster, e)),
      ],
      specificity: SPECIFICITY.metricsUnavailable,
      steps,
    };
  }
  const limited = conditions.find(
    c =>
      c.type === 'ScalingLimited' &&
      c.status === 'True' &&
      c.reason !== 'TooFewReplicas',
  );
  const max = h.spec?.maxReplicas;
  if (max === undefined || h.status?.currentReplicas !== max) return undefined;
  const desired = h.status?.desiredReplicas ?? '?';
  return {
    ...t.about(HPA, h),
    category: 'hpa_maxed_out_saturation',
    title: TITLES.maxedOut,
    explanation: `HPA ${
      h.metadata?.name
    } runs ${max} of at most ${max} replicas and wants ${desired}${
      limited?.message ? `: ${limited.message}` : ''
    }`,
    level: 1,
    onset: iso(limited?.lastTransitionTime),
    evidence: [
      evObject(
        t.ledger,
        t.cluster,
        ref(HPA, h),
        'status.currentReplicas',
        `currentReplicas ${h.status?.currentReplicas} = maxReplicas ${max} (desired ${desired})`,
      ),
      ...(limited ? [evCondition(t.ledger, t.cluster, HPA, h, limited)] : []),
    ],
    specificity: limited ? SPECIFICITY.maxedOutLimited : SPECIFICITY.maxedOut,
    steps,
  };
}

function workloads(t: TargetView): RuleDraft[] {
  return t.objects.hpas.flatMap(h => hpaDraft(t, h) ?? []);
}

function metrics(m: MetricsView): RuleDraft[] {
  const hpa = m.of('hpa_saturation');
  if (!hpa.length) return [];
  return [
    m.draft('hpa_maxed_out_saturation', [...hpa, ...m.regression], {
      title: TITLES.maxedOutMetric(hpa[0].labels.horizontalpodautoscaler ?? ''),
      explanation: `replicas reached maxReplicas at ${
        hpa[0].onset ?? 'the start of the window'
      }`,
      level: 1,
      specificity: m.regression.length
        ? SPECIFICITY.maxedOutMetricWithRegression
        : SPECIFICITY.maxedOutMetric,
    }),
  ];
}

export const hpa: RuleFamily = {
  name: 'hpa',
  labels: LABELS,
  workloads,
  metrics,
  nextSteps: {
    hpa_maxed_out_saturation: c => [
      {
        text: 'Raise maxReplicas or capacity; check what saturates.',
        command: `${kubectl(c)} describe hpa ${c.name ?? ''}`,
      },
    ],
    hpa_metrics_unavailable: () => [
      {
        text: 'Set resource requests on the target and check the metrics API.',
        command: 'kubectl get apiservice v1beta1.metrics.k8s.io',
      },
    ],
  },
};
