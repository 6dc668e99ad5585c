import type {
  CoreV1Event,
  V1ContainerStateTerminated,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { StartupLine } from '../sources/victoriaLogs/startupLines';
import type {
  AnalyzerContext,
  EvidenceLedger,
  HypothesisDraft,
  HypothesisScope,
  RcaTarget,
} from '../contracts';
import type {
  ClusterSnapshot,
  TargetObjects,
} from '../sources/kubernetes/kubeFacts';
import type { MetricFinding } from '../sources/victoriaMetrics/metricsFacts';
import type { StepContext, StepsFor } from './steps';

/**
 * Kinds of text the message rules classify: registry pull errors, missing Secret/ConfigMap
 * references, scheduler messages, process failures (termination messages, start errors, log lines,
 * events), exit codes written as text, and log-only patterns tried before the `crash` ones.
 */
export type MessageKind =
  | 'imagePull'
  | 'missingReference'
  | 'scheduling'
  | 'crash'
  | 'exitCode'
  | 'log';

/** When `pattern` matches a text of its kind, the text is evidence of `label`. */
export interface MessageRule {
  pattern: RegExp;
  label: RootCauseLabel;
  specificity: number;
  /** Causal-chain level of a pod placed by this rule, when it differs from the caller's. */
  level?: number;
}

export interface Classified {
  label: RootCauseLabel;
  specificity: number;
  level?: number;
}

/** The first matching rule of that kind, across families in registry order. */
export type Classify = (
  kind: MessageKind,
  text: string,
) => Classified | undefined;

/** A cause found on one pod; the pod driver groups findings per owning workload. */
export interface PodFinding {
  category: RootCauseLabel;
  specificity: number;
  title: string;
  explanation: string;
  level: number;
  evidence: string[];
  onset?: string;
  symptom?: boolean;
  container?: string;
  /** Passed to the next steps (a missing object's name, a node). */
  detail?: string;
  /** Why it is not a candidate (ended before the window, cleared since): listed, never ranked. */
  ruledOut?: string;
}

/** One pod, its events and the tools rules need to cite them. */
export interface PodView {
  ledger: EvidenceLedger;
  cluster: string;
  pod: V1Pod;
  podName: string;
  /** The analysis window: what ended before `from` is history, not the incident. */
  window: { from: Date; to: Date };
  /** Events about the pod that still occurred in the window. */
  events: CoreV1Event[];
  classify: Classify;
  /** Adds the events to the ledger and returns their keys. */
  cite(events: CoreV1Event[]): string[];
  /** The pod's own start-up lines ("listening on :8080"), any level, oldest first; may be empty. */
  appLines: StartupLine[];
  /** The events' earliest first occurrence, or `fallback`. */
  onsetOf(events: CoreV1Event[], fallback?: string): string | undefined;
}

/** A pod with FailedMount / FailedAttachVolume events. */
export interface MountView extends PodView {
  mount: CoreV1Event[];
  /** Their messages, one per line. */
  text: string;
}

export interface ContainerView extends PodView {
  status: V1ContainerStatus;
  init: boolean;
  /** `container app of pod-x` (or `init container …`), for explanations. */
  who: string;
  /** Ledger keys of the container's current state and last termination. */
  keys: string[];
  /** Whether an event is about this container (or about the whole pod). */
  forContainer(e: CoreV1Event): boolean;
}

/** A crash-looping container. */
export interface CrashView extends ContainerView {
  /** The termination that explains the restarts: the current one, else the last. */
  terminated: V1ContainerStateTerminated;
  /** The first BackOff/Killing/Unhealthy event, or the termination time. */
  onset?: string;
}

/**
 * Hooks of the pod driver, called per pod in this order: `ended` (the first match is the pod's only
 * finding), `condition`, `mount` (first match), per container `waiting` (first match) else
 * `crashed` (first match, then the termination message is classified), and `symptom`.
 */
export interface PodRules {
  /** The pod itself was ended (evicted): nothing else about it is examined. */
  ended?: (p: PodView) => PodFinding | undefined;
  /** Pod-level conditions, checked before the containers (scheduling). */
  condition?: (p: PodView) => PodFinding | undefined;
  /** Volumes that cannot be mounted or attached. */
  mount?: (m: MountView) => PodFinding | undefined;
  /** A container waiting in a state that names its cause. */
  waiting?: (c: ContainerView) => PodFinding | undefined;
  /** A crash-looping container. */
  crashed?: (c: CrashView) => PodFinding | undefined;
  /** Pod-level symptoms, given what was found before. */
  symptom?: (p: PodView, found: PodFinding[]) => PodFinding | undefined;
}

/** A hypothesis as a rule states it; the driver turns `steps` into the label's next steps. */
export type RuleDraft = Omit<HypothesisDraft, 'nextSteps'> & {
  steps: StepContext;
};

/** The objects of one target in one cluster. */
export interface TargetView {
  ctx: AnalyzerContext;
  ledger: EvidenceLedger;
  snapshot: ClusterSnapshot;
  cluster: string;
  objects: TargetObjects;
  scope: HypothesisScope;
  /** The object, subject, scope and entity of a hypothesis about `o`. */
  about(
    kind: string,
    o: { metadata?: { name?: string; namespace?: string } },
  ): Pick<HypothesisDraft, 'object' | 'subject' | 'scope' | 'entityRef'>;
}

/** The metric findings of one target. */
export interface MetricsView {
  ctx: AnalyzerContext;
  target: RcaTarget;
  findings: MetricFinding[];
  of(family: string): MetricFinding[];
  /** Error-rate and latency findings with an onset: what users felt. */
  regression: MetricFinding[];
  /** A container-level draft citing `list`, with its first object and earliest onset. */
  draft(
    category: RootCauseLabel,
    list: MetricFinding[],
    extra: Partial<RuleDraft> & {
      title: string;
      explanation: string;
      specificity: number;
    },
  ): RuleDraft;
}

/**
 * One root-cause family: its labels, its next steps, and the hooks through which the drivers
 * (one per kind of data) ask it for hypotheses. Its specificities are its own `SPECIFICITY`.
 */
export interface RuleFamily {
  readonly name: string;
  readonly labels: readonly RootCauseLabel[];
  readonly nextSteps: Partial<Record<RootCauseLabel, StepsFor>>;
  readonly messages?: Partial<Record<MessageKind, readonly MessageRule[]>>;
  /** Titles of a crash loop whose termination message a `crash` rule classified. */
  readonly crashTitles?: Partial<Record<RootCauseLabel, string>>;
  readonly pods?: PodRules;
  /** Per target: Deployments, ReplicaSets, HPAs, Jobs. */
  readonly workloads?: (t: TargetView) => RuleDraft[];
  /** Per target: Services, Ingresses, NetworkPolicies. */
  readonly network?: (t: TargetView) => RuleDraft[];
  /** Per target: nodes and volume claims. */
  readonly infrastructure?: (t: TargetView) => RuleDraft[];
  /** Per target with metric findings. */
  readonly metrics?: (m: MetricsView) => RuleDraft[];
}
