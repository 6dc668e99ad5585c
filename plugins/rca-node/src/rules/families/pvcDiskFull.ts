import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { MetricsView, RuleDraft, RuleFamily } from '../family';
import { percent } from '../helpers';
import { kubectl, workloadRef } from '../steps';

/** The application's volume is full. */
export const LABELS = [
  'pvc_disk_full',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The process fails with ENOSPC or a quota error. */
  noSpaceMessage: 0.85,
  /** The volume's usage reached FULL_RATIO. */
  usageMetric: 0.8,
};

/** Usage from which a volume counts as full. */
export const FULL_RATIO = 0.95;

export const TITLES = {
  crashLoop: 'Crash loop: the volume is full',
  full: (claim: string) => `Volume ${claim} is full`,
};

function metrics(m: MetricsView): RuleDraft[] {
  const pvc = m.of('pvc_usage').filter(f => f.peak >= FULL_RATIO);
  if (!pvc.length) return [];
  return [
    m.draft('pvc_disk_full', pvc, {
      title: TITLES.full(pvc[0].labels.persistentvolumeclaim ?? ''),
      explanation: `PVC usage reached ${percent(pvc[0].peak)}`,
      level: 2,
      specificity: SPECIFICITY.usageMetric,
    }),
  ];
}

export const pvcDiskFull: RuleFamily = {
  name: 'pvcDiskFull',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern: /no space left on device|ENOSPC|disk quota exceeded/i,
        label: 'pvc_disk_full',
        specificity: SPECIFICITY.noSpaceMessage,
      },
    ],
  },
  crashTitles: { pvc_disk_full: TITLES.crashLoop },
  metrics,
  nextSteps: {
    pvc_disk_full: c => [
      {
        text: 'Expand the volume or clean it up.',
        // kubectl exec takes a workload and picks one of its pods.
        command: `${kubectl(c)} exec ${
          c.pod ?? (c.name ? workloadRef(c) : '<pod>')
        } -- df -h`,
      },
    ],
  },
};
