import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { RuleFamily } from '../family';
import { kubectl } from '../steps';

/** The workload's ServiceAccount lacks a Kubernetes API permission. */
export const LABELS = [
  'rbac_forbidden',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The API server's `forbidden` answer, quoted by the process. */
  forbiddenMessage: 0.85,
};

export const TITLES = {
  crashLoop: 'Crash loop: the ServiceAccount is forbidden an API call',
};

export const rbac: RuleFamily = {
  name: 'rbac',
  labels: LABELS,
  messages: {
    crash: [
      {
        pattern:
          /is forbidden: User "system:serviceaccount|forbidden: .*cannot (get|list|watch|create)/i,
        label: 'rbac_forbidden',
        specificity: SPECIFICITY.forbiddenMessage,
      },
    ],
  },
  crashTitles: { rbac_forbidden: TITLES.crashLoop },
  nextSteps: {
    rbac_forbidden: c => [
      {
        text: 'Grant the ServiceAccount the missing verb/resource.',
        command: `${kubectl(c)} auth can-i --list --as=system:serviceaccount:${
          c.namespace ?? '<ns>'
        }:${c.serviceAccount ?? '<sa>'}`,
      },
    ],
  },
};
