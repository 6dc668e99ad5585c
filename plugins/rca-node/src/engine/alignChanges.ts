import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject, evRollout } from '../sources/kubernetes/kubeEvidence';
import {
  changedAt,
  KUBERNETES_FACTS,
  iso,
  ref,
  replicaSetsOf,
  revisionOf,
} from '../sources/kubernetes/kubeFacts';
import {
  isConfigOnlyChange,
  templateChange,
} from '../sources/kubernetes/templateChange';
import { nextStepsFor } from '../rules/nextSteps';
import type { EvidenceLedger } from '../contracts/EvidenceLedger';
import type { FactStore, HypothesisDraft } from '../contracts';

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
    const snapshot = k8s.clusters.find(c => c.cluster === subj.cluster);
    const t = snapshot?.targets.find(x =>
      x.deployments.some(
        dep =>
          dep.metadata?.name === subj.name &&
          dep.metadata?.namespace === subj.namespace,
      ),
    );
    const deployment = t?.deployments.find(
      dep =>
        dep.metadata?.name === subj.name &&
        dep.metadata?.namespace === subj.namespace,
    );
    if (!t || !deployment) continue;

    const [latest, previous] = replicaSetsOf(t, deployment);
    if (
      latest &&
      previous &&
      revisionOf(latest) > 1 &&
      near(iso(latest.metadata?.creationTimestamp), d.onset)
    ) {
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
      continue;
    }
    if (!CONFIG_SENSITIVE.has(d.category)) continue;
    for (const cm of t.configMaps) {
      const at = changedAt(cm);
      if (
        !near(at, d.onset) ||
        Date.parse(at!) <
          Date.parse(iso(cm.metadata?.creationTimestamp as Date) ?? '') + 1000
      )
        continue;
      const key = evObject(
        ledger,
        subj.cluster,
        ref('ConfigMap', cm),
        'metadata.managedFields',
        `ConfigMap ${cm.metadata?.name} changed at ${at} (read by ${subj.name})`,
        { timestamp: at, severity: 'info' },
      );
      extra.push({
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
        specificity: 0.8,
        change: key,
        nextSteps: nextStepsFor('config_change_regression', {
          namespace: subj.namespace,
          kind: 'Deployment',
          name: subj.name,
        }),
      });
      break;
    }
  }
  return [...drafts, ...extra];
}
