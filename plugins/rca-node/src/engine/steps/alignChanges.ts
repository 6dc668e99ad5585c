import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject, evRollout } from '../../sources/kubernetes/kubeEvidence';
import {
  changedAt,
  iso,
  KUBERNETES_FACTS,
  type KubernetesFacts,
  ref,
  replicaSetsOf,
  revisionOf,
  type TargetObjects,
} from '../../sources/kubernetes/kubeFacts';
import {
  isConfigOnlyChange,
  templateChange,
} from '../../sources/kubernetes/templateChange';
import { CONFIGURATION_SPECIFICITY, nextStepsFor } from '../../rules';
import type {
  EvidenceLedger,
  FactStore,
  HypothesisDraft,
} from '../../contracts';

/** A change this long before the onset can still have caused it. */
const CHANGE_LEAD_MS = 2 * 3_600_000;
/** Symptoms are observed late (events batch, probes retry): allow the change to look slightly after. */
const CHANGE_LAG_MS = 5 * 60_000;

const CONFIG_SENSITIVE = new Set<RootCauseLabel>([
  'crashloop_missing_env_or_config',
  'app_crash_dependency_unreachable',
  'readiness_probe_failing',
  'liveness_probe_misconfigured',
  'insufficient_evidence',
  'rollout_stuck_progress_deadline',
]);

type Subject = NonNullable<HypothesisDraft['subject']>;
type Deployment = TargetObjects['deployments'][number];

function near(change: string | undefined, onset: string | undefined): boolean {
  if (!change) return false;
  if (!onset) return true;
  const c = Date.parse(change);
  const o = Date.parse(onset);
  return c >= o - CHANGE_LEAD_MS && c <= o + CHANGE_LAG_MS;
}

/**
 * Ties hypotheses to the change that preceded them: a new Deployment revision, or a write to a
 * ConfigMap the pods read. A config-only change with no rollout becomes its own
 * `config_change_regression` hypothesis.
 */
export function alignChanges(
  drafts: HypothesisDraft[],
  facts: FactStore,
  ledger: EvidenceLedger,
): HypothesisDraft[] {
  const k8s = facts.get(KUBERNETES_FACTS);
  if (!k8s) return drafts;
  const extra: HypothesisDraft[] = [];
  for (const d of drafts) {
    const subj = d.subject;
    if (!subj || d.scope === 'namespace' || subj.kind !== 'Deployment')
      continue;
    const found = findDeployment(k8s, subj);
    if (!found) continue;
    if (alignRollout(d, subj, found.objects, found.deployment, ledger))
      continue;
    if (!CONFIG_SENSITIVE.has(d.category)) continue;
    const config = configChange(d, subj, found.objects, ledger);
    if (config) extra.push(config);
  }
  return [...drafts, ...extra];
}

function findDeployment(
  k8s: KubernetesFacts,
  subj: Subject,
): { objects: TargetObjects; deployment: Deployment } | undefined {
  const isSubject = (dep: Deployment) =>
    dep.metadata?.name === subj.name &&
    dep.metadata?.namespace === subj.namespace;
  const snapshot = k8s.clusters.find(c => c.cluster === subj.cluster);
  const objects = snapshot?.targets.find(x => x.deployments.some(isSubject));
  const deployment = objects?.deployments.find(isSubject);
  return objects && deployment ? { objects, deployment } : undefined;
}

/** Ties `d` to a rollout near its onset; true when there was one. */
function alignRollout(
  d: HypothesisDraft,
  subj: Subject,
  objects: TargetObjects,
  deployment: Deployment,
  ledger: EvidenceLedger,
): boolean {
  const [latest, previous] = replicaSetsOf(objects, deployment);
  if (
    !(
      latest &&
      previous &&
      revisionOf(latest) > 1 &&
      near(iso(latest.metadata?.creationTimestamp), d.onset)
    )
  )
    return false;
  const change = templateChange(latest, previous);
  d.change = evRollout(ledger, subj.cluster, latest, previous, change);
  d.evidence.push(d.change);
  d.explanation += `. It began after rollout revision ${revisionOf(
    latest,
  )} at ${iso(latest.metadata?.creationTimestamp)}${
    change ? ` (${change})` : ''
  }`;
  if (
    isConfigOnlyChange(change) &&
    CONFIG_SENSITIVE.has(d.category) &&
    d.category !== 'crashloop_missing_env_or_config'
  ) {
    d.explanation += '; the rollout changed configuration only';
  }
  return true;
}

/** A write to a ConfigMap the pods read, near the onset and without a rollout, as its own hypothesis. */
function configChange(
  d: HypothesisDraft,
  subj: Subject,
  objects: TargetObjects,
  ledger: EvidenceLedger,
): HypothesisDraft | undefined {
  const cm = objects.configMaps.find(c => {
    const at = changedAt(c);
    // Written at least a second after its creation (NaN, an unknown creation, does not exclude).
    return (
      near(at, d.onset) &&
      !(
        Date.parse(at!) <
        Date.parse(iso(c.metadata?.creationTimestamp as Date) ?? '') + 1000
      )
    );
  });
  if (!cm) return undefined;
  const at = changedAt(cm);
  const key = evObject(
    ledger,
    subj.cluster,
    ref('ConfigMap', cm),
    'metadata.managedFields',
    `ConfigMap ${cm.metadata?.name} changed at ${at} (read by ${subj.name})`,
    { timestamp: at, severity: 'info' },
  );
  return {
    category: 'config_change_regression',
    title: `ConfigMap ${cm.metadata?.name} changed just before the failures`,
    explanation: `ConfigMap ${cm.metadata?.name}, read by Deployment ${
      subj.name
    }, was modified at ${at} without a rollout; ${d.title.toLowerCase()} followed`,
    object: d.object,
    subject: subj,
    level: 0,
    scope: d.scope,
    entityRef: d.entityRef,
    onset: d.onset,
    evidence: [key, ...d.evidence],
    specificity: CONFIGURATION_SPECIFICITY.configChangeBeforeOnset,
    change: key,
    nextSteps: nextStepsFor('config_change_regression', {
      namespace: subj.namespace,
      kind: 'Deployment',
      name: subj.name,
    }),
  };
}
