import type { NextStep } from '@internal/plugin-rca-common';

/** What a next step may name: the object, the pod and container, and a free-form detail. */
export interface StepContext {
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  pod?: string;
  detail?: string;
  /** The pods' ServiceAccount (`default` when the spec names none, as admission sets it). */
  serviceAccount?: string;
}

export type StepsFor = (c: StepContext) => NextStep[];

/** `kubectl -n <namespace>`, or plain `kubectl` when the namespace is unknown. */
export const kubectl = (c: StepContext) =>
  `kubectl${c.namespace ? ` -n ${c.namespace}` : ''}`;

/** `deployment/<name>` (the kind defaults to Deployment). */
export const workloadRef = (c: StepContext) =>
  `${(c.kind ?? 'deployment').toLowerCase()}/${c.name ?? '<name>'}`;

/** For causes that only metrics can confirm. */
export const confirmWithMetrics: StepsFor = () => [
  {
    text: 'Confirm with metrics over the window (needs the metrics source configured).',
  },
];
