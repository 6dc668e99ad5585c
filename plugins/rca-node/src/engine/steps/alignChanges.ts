import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject, evRollout } from '../../sources/kubernetes/kubeEvidence';
import {
  KUBERNETES_FACTS,
  type KubernetesFacts,
  replicaSetsOf,
  revisionOf,
  rolloutAt,
  type TargetObjects,
  workloadsOf,
} from '../../sources/kubernetes/kubeFacts';
import {
  CHANGE_FACTS,
  type ChangeRecord,
} from '../../sources/kubernetes/changeFacts';
import { configMapUse } from '../../sources/kubernetes/configMapContents';
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

/**
 * Writes that, without a rollout, become hypotheses of their own: an in-place edit of what the pods
 * read, or a NetworkPolicy that starts (created) or changes (edited) selecting them.
 */
const EDIT_HYPOTHESES: Record<string, RootCauseLabel> = {
  ConfigMap: 'config_change_regression',
  Secret: 'config_change_regression',
  NetworkPolicy: 'networkpolicy_blocking',
};
const COUNTS_WHEN_CREATED = new Set(['NetworkPolicy']);
/** Timeline kinds whose entries are revisions of the pod template. */
const ROLLED_OUT_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

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
 * Ties hypotheses to the change that preceded them: a new Deployment revision (a rollback
 * included), or an in-place write to a ConfigMap, Secret or NetworkPolicy the pods depend on,
 * which becomes its own hypothesis. Every onset is matched against the change timeline, and the
 * change that lines up is marked there for the report's "What changed".
 */
export function alignChanges(
  drafts: HypothesisDraft[],
  facts: FactStore,
  ledger: EvidenceLedger,
): HypothesisDraft[] {
  const k8s = facts.get(KUBERNETES_FACTS);
  if (!k8s) return drafts;
  const timeline = facts.get(CHANGE_FACTS)?.changes ?? [];
  const extra: HypothesisDraft[] = [];
  const byChange = new Map<ChangeRecord, HypothesisDraft>();
  for (const d of drafts) {
    if (d.scope === 'namespace' || d.ruledOut) continue;
    const subj = d.subject;
    const found = subj && findDeployment(k8s, subj);
    if (
      found &&
      alignRollout(d, subj, found.objects, found.deployment, ledger)
    ) {
      if (CONFIG_SENSITIVE.has(d.category))
        citeShippedConfig(d, subj, timeline, ledger);
      continue;
    }
    if (!CONFIG_SENSITIVE.has(d.category)) continue;
    // A signal-only finding ("5xx rose") has no subject: the target's workload stands for it.
    const edit = editBefore(d, subj, timeline);
    const about = edit && (subj ?? workloadOf(k8s, edit));
    if (!edit || !about) continue;
    // One hypothesis per change, however many symptoms followed it; a rule's finding about the
    // changed object itself (the policy evaluated against the pods) is that hypothesis already.
    const existing = byChange.get(edit) ?? ruleAbout(drafts, edit, ledger);
    // A policy is evaluated against the calls by its rule: one it does not blame is not blamed here.
    if (!existing && edit.kind === 'NetworkPolicy') continue;
    if (!existing) {
      byChange.set(edit, editHypothesis(d, about, edit, ledger, k8s));
      continue;
    }
    byChange.set(edit, existing);
    existing.evidence.push(
      ...d.evidence.filter(e => !existing.evidence.includes(e)),
    );
  }
  extra.push(...[...byChange.values()].filter(h => !drafts.includes(h)));
  const all = [...drafts, ...extra];
  markAligned(all, timeline, ledger);
  return all;
}

function findDeployment(
  k8s: KubernetesFacts,
  subj: Subject,
): { objects: TargetObjects; deployment: Deployment } | undefined {
  if (subj.kind !== 'Deployment') return undefined;
  const isSubject = (dep: Deployment) =>
    dep.metadata?.name === subj.name &&
    dep.metadata?.namespace === subj.namespace;
  const snapshot = k8s.clusters.find(c => c.cluster === subj.cluster);
  const objects = snapshot?.targets.find(x => x.deployments.some(isSubject));
  const deployment = objects?.deployments.find(isSubject);
  return objects && deployment ? { objects, deployment } : undefined;
}

/** Ties `d` to a rollout (or rollback) near its onset; true when there was one. */
function alignRollout(
  d: HypothesisDraft,
  subj: Subject,
  objects: TargetObjects,
  deployment: Deployment,
  ledger: EvidenceLedger,
): boolean {
  const [latest, previous] = replicaSetsOf(objects, deployment);
  const at = latest && rolloutAt(latest, objects.events);
  if (!(latest && previous && revisionOf(latest) > 1 && near(at, d.onset)))
    return false;
  const change = templateChange(latest, previous);
  d.change = evRollout(ledger, subj.cluster, latest, previous, change, at);
  d.evidence.push(d.change);
  d.explanation += `. It began after rollout revision ${revisionOf(
    latest,
  )} at ${at}${change ? ` (${change})` : ''}`;
  if (
    isConfigOnlyChange(change) &&
    CONFIG_SENSITIVE.has(d.category) &&
    d.category !== 'crashloop_missing_env_or_config'
  ) {
    d.explanation += '; the rollout changed configuration only';
  }
  return true;
}

/**
 * A ConfigMap or Secret the pods read, written together with the rollout `d` is tied to: the
 * rollout shipped it, and a responder needs its name (the bad value is in it, not in the image).
 */
function citeShippedConfig(
  d: HypothesisDraft,
  subj: Subject,
  timeline: ChangeRecord[],
  ledger: EvidenceLedger,
) {
  const at = d.change && ledger.get(d.change)?.timestamp;
  if (!at) return;
  const shipped = timeline.filter(
    c =>
      (c.kind === 'ConfigMap' || c.kind === 'Secret') &&
      c.cluster === subj.cluster &&
      (!d.entityRef || c.entityRef === d.entityRef) &&
      Math.abs(Date.parse(c.at) - Date.parse(at)) <= CHANGE_LAG_MS,
  );
  for (const c of shipped) {
    c.evidence ??= changeEvidence(ledger, c);
    c.aligned = true;
    d.evidence.push(c.evidence);
    d.explanation += `; ${c.object} was written with it at ${c.at}`;
  }
}

/**
 * The latest in-place write of a ConfigMap, Secret or NetworkPolicy of the subject's target near
 * its onset. A ConfigMap or Secret written with a rollout of the same target was shipped by that
 * rollout, which the rollout alignment already covers.
 */
function editBefore(
  d: HypothesisDraft,
  subj: Subject | undefined,
  timeline: ChangeRecord[],
): ChangeRecord | undefined {
  if (!subj && !d.entityRef) return undefined;
  const ofTarget = timeline.filter(
    c =>
      (!subj || c.cluster === subj.cluster) &&
      (!d.entityRef || c.entityRef === d.entityRef),
  );
  const rolledOutWith = (c: ChangeRecord) =>
    ofTarget.some(
      r =>
        ROLLED_OUT_KINDS.has(r.kind) &&
        r.cluster === c.cluster &&
        r.entityRef === c.entityRef &&
        Math.abs(Date.parse(r.at) - Date.parse(c.at)) <= CHANGE_LAG_MS,
    );
  return ofTarget.find(
    c =>
      c.kind in EDIT_HYPOTHESES &&
      (c.what.startsWith('edited') ||
        (c.what === 'created' && COUNTS_WHEN_CREATED.has(c.kind))) &&
      near(c.at, d.onset) &&
      (COUNTS_WHEN_CREATED.has(c.kind) || !rolledOutWith(c)),
  );
}

/** A rule's draft naming the changed object as its subject, with the change attached to it. */
function ruleAbout(
  drafts: HypothesisDraft[],
  c: ChangeRecord,
  ledger: EvidenceLedger,
): HypothesisDraft | undefined {
  const found = drafts.find(
    d =>
      !d.ruledOut &&
      d.category === EDIT_HYPOTHESES[c.kind] &&
      d.subject?.cluster === c.cluster &&
      `${d.subject.kind} ${d.subject.namespace}/${d.subject.name}` === c.object,
  );
  if (!found) return undefined;
  c.evidence ??= changeEvidence(ledger, c);
  c.aligned = true;
  if (!found.evidence.includes(c.evidence)) found.evidence.push(c.evidence);
  // The timeline's record of the write says who made it; the time is said once.
  found.change = c.evidence;
  if (!found.explanation.includes(c.at))
    found.explanation += `; it was ${
      c.what === 'created' ? 'created' : 'modified'
    } at ${c.at}${c.who ? ` by ${c.who}` : ''}`;
  return found;
}

/** The workload of the target a change belongs to, in the change's cluster. */
function workloadOf(
  k8s: KubernetesFacts,
  c: ChangeRecord,
): Subject | undefined {
  const t = k8s.clusters
    .find(s => s.cluster === c.cluster)
    ?.targets.find(x => x.target.entityRef === c.entityRef);
  if (!t) return undefined;
  for (const [kind, list] of workloadsOf(t)) {
    const w = list[0]?.metadata;
    if (w?.name)
      return { cluster: c.cluster, kind, namespace: w.namespace, name: w.name };
  }
  return undefined;
}

function editHypothesis(
  d: HypothesisDraft,
  subj: Subject,
  c: ChangeRecord,
  ledger: EvidenceLedger,
  k8s: KubernetesFacts,
): HypothesisDraft {
  const name = c.object.replace(/^\S+ (?:[^/]+\/)?/, '');
  const use =
    c.kind === 'ConfigMap'
      ? configMapUse(k8s, subj.cluster, subj.namespace, name)
      : undefined;
  c.evidence ??= evObject(
    ledger,
    subj.cluster,
    c.object,
    'metadata.managedFields',
    `${c.kind} ${name} changed at ${c.at}${
      c.who ? ` by ${c.who}` : ''
    } (read by ${subj.name}${use ? `; ${use}` : ''})`,
    { timestamp: c.at, severity: 'info' },
  );
  c.aligned = true;
  const category = EDIT_HYPOTHESES[c.kind];
  return {
    category,
    title: `${c.kind} ${name} ${
      c.what === 'created' ? 'created' : 'changed'
    } just before the failures`,
    explanation: `${c.kind} ${name}, which applies to ${subj.kind} ${
      subj.name
    }, was ${c.what === 'created' ? 'created' : 'modified'} at ${
      c.at
    } without a rollout${
      c.who ? ` (by ${c.who})` : ''
    }; ${d.title.toLowerCase()} followed`,
    object:
      d.object ??
      `${subj.kind} ${subj.namespace}/${subj.name} (cluster ${subj.cluster})`,
    subject: subj,
    level: 0,
    scope: d.scope,
    entityRef: d.entityRef,
    onset: d.onset,
    evidence: [c.evidence, ...d.evidence],
    specificity: CONFIGURATION_SPECIFICITY.configChangeBeforeOnset,
    change: c.evidence,
    nextSteps: nextStepsFor(category, {
      namespace: subj.namespace,
      kind: subj.kind,
      name: subj.name,
    }),
  };
}

/**
 * Marks, for every onset, the latest change of its target before it (within the lead), and cites
 * it in the ledger so the report can link it.
 */
function markAligned(
  drafts: HypothesisDraft[],
  timeline: ChangeRecord[],
  ledger: EvidenceLedger,
) {
  for (const d of drafts) {
    if (!d.onset || d.scope === 'namespace' || d.ruledOut) continue;
    const onset = Date.parse(d.onset);
    const c = timeline.find(
      x =>
        (!d.entityRef || x.entityRef === d.entityRef) &&
        (!d.subject || x.cluster === d.subject.cluster) &&
        Date.parse(x.at) <= onset + CHANGE_LAG_MS &&
        Date.parse(x.at) >= onset - CHANGE_LEAD_MS,
    );
    if (!c || c.aligned) continue;
    c.aligned = true;
    c.evidence ??= changeEvidence(ledger, c);
  }
}

function changeEvidence(ledger: EvidenceLedger, c: ChangeRecord): string {
  return evObject(
    ledger,
    c.cluster,
    c.object,
    'metadata.managedFields',
    `${c.object}: ${c.what} at ${c.at}${c.who ? ` by ${c.who}` : ''}`,
    { timestamp: c.at, severity: 'info' },
  );
}
