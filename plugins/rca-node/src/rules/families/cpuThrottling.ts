import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { MetricsView, RuleDraft, RuleFamily } from '../family';
import { containerLimit } from '../containerLimit';
import { percent } from '../helpers';
import { confirmWithMetrics } from '../steps';

/** The CPU limit throttles the container. */
export const LABELS = [
  'cpu_throttling',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** Throttled, and latency rose with it. */
  throttledWithLatency: 0.85,
  /** Throttled, latency unchanged. */
  throttled: 0.6,
};

export const TITLES = {
  throttled: (object: string) => `CPU limit throttles ${object}`,
};

function metrics(m: MetricsView): RuleDraft[] {
  const throttled = m.of('cpu_throttling');
  if (!throttled.length) return [];
  const slower = m.regression.filter(f => f.family.startsWith('latency'));
  const limit = containerLimit(
    m.ctx,
    { namespace: throttled[0].namespace ?? '', ...throttled[0].labels },
    'cpu',
  );
  return [
    m.draft('cpu_throttling', [...throttled, ...slower], {
      title: TITLES.throttled(throttled[0].object),
      explanation: `${percent(throttled[0].level)} of CFS periods throttled${
        limit ? ` under its CPU limit of ${limit}` : ''
      }${slower.length ? ', and latency rose with it' : ''}`,
      specificity: slower.length
        ? SPECIFICITY.throttledWithLatency
        : SPECIFICITY.throttled,
    }),
  ];
}

export const cpuThrottling: RuleFamily = {
  name: 'cpuThrottling',
  labels: LABELS,
  metrics,
  nextSteps: { cpu_throttling: confirmWithMetrics },
};
