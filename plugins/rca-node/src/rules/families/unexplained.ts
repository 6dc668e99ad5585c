import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject } from '../../sources/kubernetes/kubeEvidence';
import { iso, ref } from '../../sources/kubernetes/kubeFacts';
import type {
  CrashView,
  PodFinding,
  PodView,
  RuleDraft,
  RuleFamily,
  TargetView,
} from '../family';
import { CONTAINER_LEVEL, crashBase } from '../helpers';
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
  /** An init container keeps running: the pod never starts, and Kubernetes does not say why. */
  initStuck: 0.35,
  /** A StatefulSet or DaemonSet runs fewer ready pods than it wants, and nothing says why. */
  workloadShort: 0.3,
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
  initStuck: 'Pod stuck initialising: an init container never completes',
  workloadShort: (kind: string) => `${kind} has fewer ready pods than it wants`,
};

/**
 * StatefulSets and DaemonSets report their own shortfall (readyReplicas < replicas;
 * numberReady < desiredNumberScheduled): when no pod finding explains it, it is still stated, so
 * such a workload is never called healthy.
 */
function workloads(t: TargetView): RuleDraft[] {
  const short: Array<[string, Named, number, number]> = [
    ...t.objects.statefulSets.map((x): [string, Named, number, number] => [
      'StatefulSet',
      x,
      x.status?.readyReplicas ?? 0,
      x.spec?.replicas ?? 1,
    ]),
    ...t.objects.daemonSets.map((x): [string, Named, number, number] => [
      'DaemonSet',
      x,
      x.status?.numberReady ?? 0,
      x.status?.desiredNumberScheduled ?? 0,
    ]),
  ];
  return short
    .filter(([, , ready, wanted]) => ready < wanted)
    .map(([kind, o, ready, wanted]) => ({
      ...t.about(kind, o),
      category: 'insufficient_evidence',
      title: TITLES.workloadShort(kind),
      explanation: `${kind} ${o.metadata?.name} has ${ready} of ${wanted} pods ready`,
      level: 1,
      symptom: true,
      specificity: SPECIFICITY.workloadShort,
      evidence: [
        evObject(
          t.ledger,
          t.cluster,
          ref(kind, o),
          'status',
          `${ready} of ${wanted} pods ready`,
        ),
      ],
      steps: {
        namespace: o.metadata?.namespace,
        kind,
        name: o.metadata?.name,
      },
    }));
}

type Named = { metadata?: { name?: string; namespace?: string } };

/** An init container running this long is waiting for something, not doing start-up work. */
const INIT_STUCK_MS = 5 * 60_000;

/**
 * Init containers run one after another and the app containers start only when all have
 * completed; one that keeps running (typically a `until nslookup …` or wait-for loop) holds the
 * pod in Init. Its logs hold the reason.
 */
function initStuck(p: PodView): PodFinding | undefined {
  const initialized = p.pod.status?.conditions?.find(
    c => c.type === 'Initialized',
  );
  if (initialized?.status !== 'False') return undefined;
  const stuck = (p.pod.status?.initContainerStatuses ?? []).find(cs => {
    const started = iso(cs.state?.running?.startedAt);
    return (
      !cs.ready &&
      !!started &&
      p.window.to.getTime() - Date.parse(started) > INIT_STUCK_MS
    );
  });
  if (!stuck) return undefined;
  const since = iso(stuck.state?.running?.startedAt);
  return {
    category: 'insufficient_evidence',
    specificity: SPECIFICITY.initStuck,
    symptom: true,
    level: CONTAINER_LEVEL,
    container: stuck.name,
    title: TITLES.initStuck,
    explanation: `init container ${stuck.name} of ${
      p.podName
    } has run since ${since} without completing, so the app containers never start${
      initialized.message ? ` (${initialized.message})` : ''
    }; the reason is in its logs`,
    onset: since,
    evidence: [
      evObject(
        p.ledger,
        p.cluster,
        ref('Pod', p.pod),
        `status.initContainerStatuses[${stuck.name}].state.running`,
        `init container ${stuck.name} running since ${since}, not ready`,
      ),
    ],
  };
}

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
  pods: { symptom: initStuck },
  workloads,
  nextSteps: {
    insufficient_evidence: insufficientEvidenceSteps,
    no_issue_healthy: () => [
      {
        text: 'Nothing to fix in Kubernetes; if users still see errors, widen the window or check dependencies outside the cluster.',
      },
    ],
  },
};
