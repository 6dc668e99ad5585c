import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { CrashView, PodFinding, RuleFamily } from '../family';
import { crashBase } from '../helpers';
import { kubectl, type StepsFor, workloadRef } from '../steps';

/**
 * The catch-all verdicts: `insufficient_evidence` where a rule sees the symptom but not its cause,
 * and `no_issue_healthy` (set by the engine when nothing is wrong).
 */
export const LABELS = [
  'insufficient_evidence',
  'no_issue_healthy',
] as const satisfies readonly RootCauseLabel[];

/** `insufficient_evidence` weights, per rule that falls back to it. Low: a symptom, not a cause. */
export const SPECIFICITY = {
  /** A pod cannot be scheduled and the scheduler's message matches no pattern. */
  unschedulable: 0.3,
  /** A ReplicaSet cannot create pods, not because of a quota. */
  replicaSetCannotCreate: 0.4,
  /** A container crash-loops with no termination message. */
  crashLoop: 0.35,
  /** Errors or latency rose with no rollout to blame. */
  regressionWithoutChange: 0.3,
  /** An unclassified warning about an object outside the component. */
  namespaceWarning: 0.2,
  /** The engine's verdict when nothing explains the symptoms and some sources could not be read. */
  verdictSourcesMissing: 0.5,
  /** The engine's verdict when every workload is running and ready. */
  verdictHealthy: 0.8,
};

/** What an unclassified warning about an object outside the component counts as. */
export const UNCLASSIFIED_WARNING = {
  label: 'insufficient_evidence',
  specificity: SPECIFICITY.namespaceWarning,
} as const;

export const TITLES = {
  crashLoop: 'Container crash-looping, cause not visible in Kubernetes',
};

/** The last resort for a crash loop no other rule explains. */
export function unexplainedCrash(c: CrashView): PodFinding {
  const base = crashBase(c);
  const backoff = c.events.filter(
    e => e.reason === 'BackOff' && c.forContainer(e),
  );
  return {
    ...base,
    evidence: [...base.evidence, ...c.cite(backoff)],
    category: 'insufficient_evidence',
    specificity: SPECIFICITY.crashLoop,
    symptom: true,
    title: TITLES.crashLoop,
    explanation: `${c.who} exits with code ${c.terminated.exitCode} (${
      c.terminated.reason ?? 'Error'
    }) and no termination message; the cause is in its logs`,
  };
}

/** Also the steps of any label no family owns. */
export const insufficientEvidenceSteps: StepsFor = c => [
  {
    text: 'Read the container logs of the failing pods.',
    command: `${kubectl(c)} logs ${c.pod ?? workloadRef(c)} --previous`,
  },
  {
    text: 'Configure the missing sources listed under Evidence gaps and re-run the analysis.',
  },
];

export const unexplained: RuleFamily = {
  name: 'unexplained',
  labels: LABELS,
  nextSteps: {
    insufficient_evidence: insufficientEvidenceSteps,
    no_issue_healthy: () => [
      {
        text: 'Nothing to fix in Kubernetes; if users still see errors, widen the window or check dependencies outside the cluster.',
      },
    ],
  },
};
