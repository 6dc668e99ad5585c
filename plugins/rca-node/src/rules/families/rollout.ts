import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { AnalyzerContext } from '../../contracts';
import { evCondition, evRollout } from '../../sources/kubernetes/kubeEvidence';
import {
  iso,
  rolloutAt,
  KUBERNETES_FACTS,
  replicaSetsOf,
  revisionOf,
} from '../../sources/kubernetes/kubeFacts';
import type { MetricsView, RuleDraft, RuleFamily, TargetView } from '../family';
import { earliest } from '../helpers';
import { logsDuring } from '../logsDuring';
import { AUTH_FAILURE, credentialSources } from '../credentialSources';
import { kubectl, type StepsFor, workloadRef } from '../steps';
import { SPECIFICITY as UNEXPLAINED } from './unexplained';

/** A rollout that cannot finish, or that finished and made errors or latency worse. */
export const LABELS = [
  'rollout_stuck_progress_deadline',
  'bad_rollout_regression',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** ProgressDeadlineExceeded: an effect; the failing pods usually say why. */
  progressDeadline: 0.55,
  /** Errors or latency rose right after a rollout while the pods stayed healthy. */
  regressionAfterRollout: 0.9,
};

/**
 * A rollout this long before a regression's onset is its likely cause (and slightly after: scrape
 * lag). A new version regresses as soon as its pods take traffic, within minutes of the rollout;
 * errors that begin a quarter of an hour after a healthy rollout have another cause.
 */
const ROLLOUT_LEAD_MS = 10 * 60_000;
const ROLLOUT_LAG_MS = 3 * 60_000;

const familyNames = (list: MetricsView['regression']) =>
  list.map(f => f.family.replace(/_/g, ' ')).join(' and ');

export const TITLES = {
  stuck: 'Rollout stuck: progress deadline exceeded',
  regression: (deployment: string, list: MetricsView['regression']) =>
    `Rollout of ${deployment} made ${familyNames(list)} worse`,
  unexplainedRegression: (list: MetricsView['regression']) =>
    `${familyNames(list)} rose with no change to explain it`,
};

function workloads(t: TargetView): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const d of t.objects.deployments) {
    const progressing = d.status?.conditions?.find(
      c => c.type === 'Progressing',
    );
    if (progressing?.status !== 'False') continue;
    out.push({
      ...t.about('Deployment', d),
      category: 'rollout_stuck_progress_deadline',
      title: TITLES.stuck,
      explanation: `Deployment ${d.metadata?.name} cannot finish its rollout: ${
        progressing.reason ?? ''
      } ${progressing.message ?? ''}`.trim(),
      level: 1,
      onset: iso(progressing.lastTransitionTime),
      evidence: [
        evCondition(t.ledger, t.cluster, 'Deployment', d, progressing),
      ],
      specificity: SPECIFICITY.progressDeadline,
      symptom: true,
      steps: {
        namespace: d.metadata?.namespace,
        kind: 'Deployment',
        name: d.metadata?.name,
      },
    });
  }
  return out;
}

/** The newest rollout of the entity's Deployments that started shortly before `onset`. */
function rolloutNear(ctx: AnalyzerContext, entityRef: string, onset: string) {
  const k8s = ctx.facts.get(KUBERNETES_FACTS);
  const o = Date.parse(onset);
  for (const s of k8s?.clusters ?? []) {
    for (const t of s.targets.filter(x => x.target.entityRef === entityRef)) {
      for (const d of t.deployments) {
        const [latest, previous] = replicaSetsOf(t, d);
        // When the revision went live (a rollback reuses an old ReplicaSet), not its creation.
        const at = latest && rolloutAt(latest, t.events);
        if (!latest || !previous || !at) continue;
        const c = Date.parse(at);
        if (c < o - ROLLOUT_LEAD_MS || c > o + ROLLOUT_LAG_MS) continue;
        const name = d.metadata?.name ?? '?';
        const namespace = d.metadata?.namespace;
        return {
          name,
          at,
          revision: revisionOf(latest),
          evidence: evRollout(ctx.evidence, s.cluster, latest, previous),
          object: `Deployment ${
            namespace ? `${namespace}/` : ''
          }${name} (cluster ${s.cluster})`,
          subject: { cluster: s.cluster, kind: 'Deployment', namespace, name },
        };
      }
    }
  }
  return undefined;
}

/** New error logs this close to the onset of an unexplained regression are quoted with it. */
const LOGS_AROUND_ONSET_MS = 15 * 60_000;

/** Errors or latency rose: blame the rollout that preceded them, if any. */
function metrics(m: MetricsView): RuleDraft[] {
  const regression = m.regression;
  if (!regression.length) return [];
  const onset = earliest(regression.map(f => f.onset))!;
  const rollout = rolloutNear(m.ctx, m.target.entityRef, onset);
  if (!rollout) {
    // Nothing changed here: what the component logged as it began failing names what it waited on.
    const around = Date.parse(onset);
    const logged = logsDuring(m.ctx, m.target.entityRef, {
      from: new Date(around - LOGS_AROUND_ONSET_MS).toISOString(),
      to: new Date(around + LOGS_AROUND_ONSET_MS).toISOString(),
    });
    const credentials =
      logged.text && AUTH_FAILURE.test(logged.text)
        ? credentialSources(m.ctx, m.target.entityRef)
        : undefined;
    return [
      m.draft('insufficient_evidence', regression, {
        title: TITLES.unexplainedRegression(regression),
        explanation: `errors or latency rose, but no rollout or config change lines up with the onset${[
          logged.text,
          credentials,
        ]
          .filter(Boolean)
          .map(x => `; ${x}`)
          .join('')}`,
        evidence: [...regression.map(f => f.evidence), ...logged.evidence],
        symptom: true,
        specificity: UNEXPLAINED.regressionWithoutChange,
      }),
    ];
  }
  return [
    m.draft('bad_rollout_regression', regression, {
      title: TITLES.regression(rollout.name, regression),
      explanation: `revision ${rollout.revision} started at ${
        rollout.at
      }; ${regression
        .map(f => f.family)
        .join(', ')} rose from ${onset} while the pods stayed healthy`,
      level: 1,
      specificity: SPECIFICITY.regressionAfterRollout,
      change: rollout.evidence,
      evidence: [...regression.map(f => f.evidence), rollout.evidence],
      object: rollout.object,
      subject: rollout.subject,
      steps: {
        namespace: rollout.subject.namespace,
        kind: 'Deployment',
        name: rollout.subject.name,
      },
    }),
  ];
}

const rolloutSteps: StepsFor = c => [
  {
    text: 'Roll back the last rollout.',
    command: `${kubectl(c)} rollout undo ${workloadRef(c)}`,
  },
  {
    text: 'Inspect why the new pods fail.',
    command: `${kubectl(c)} rollout status ${workloadRef(c)}`,
  },
];

export const rollout: RuleFamily = {
  name: 'rollout',
  labels: LABELS,
  workloads,
  metrics,
  nextSteps: {
    rollout_stuck_progress_deadline: rolloutSteps,
    bad_rollout_regression: rolloutSteps,
  },
};
