import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { RankedHypothesis } from './score';

type Label = RootCauseLabel;

/** What keeps a container from serving: each can make its readiness probe fail. */
const SERVING_FAILURES: Label[] = [
  'pvc_disk_full',
  'app_crash_dependency_unreachable',
  'dns_resolution_failure',
  'networkpolicy_blocking',
  'connection_pool_exhaustion',
  'crashloop_missing_env_or_config',
  'config_change_regression',
  'oom_killed_limit_too_low',
  'memory_leak',
  'node_not_ready',
  'node_memory_pressure',
];

/** What keeps new pods from becoming available: each can stall a rollout past its deadline. */
const POD_FAILURES: Label[] = [
  ...SERVING_FAILURES,
  'image_tag_not_found',
  'image_pull_unauthorized',
  'invalid_image_name',
  'missing_secret_or_key',
  'missing_configmap_volume',
  'bad_command_or_entrypoint',
  'unschedulable_insufficient_resources',
  'unschedulable_untolerated_taint',
  'unschedulable_anti_affinity',
  'unschedulable_node_selector_mismatch',
  'resource_quota_exceeded',
  'pvc_storageclass_missing',
  'volume_multi_attach',
  'readiness_probe_failing',
];

/**
 * Effect → the causes that produce it in Kubernetes: a full volume crashes the process and fails
 * readiness; a name that does not resolve breaks the calls to it; a NetworkPolicy that drops DNS
 * or the callee's port makes both fail. `insufficient_evidence` symptoms (a crash loop without a
 * message, a pod stuck in init) are explained by any classified cause of the same component.
 */
const CAUSED_BY: Partial<Record<Label, Label[]>> = {
  readiness_probe_failing: SERVING_FAILURES,
  rollout_stuck_progress_deadline: POD_FAILURES,
  app_crash_dependency_unreachable: [
    'dns_resolution_failure',
    'networkpolicy_blocking',
  ],
  dns_resolution_failure: ['networkpolicy_blocking'],
  // Memory that grows until the limit ends in the OOM kill.
  oom_killed_limit_too_low: ['memory_leak'],
  // "errors rose after the rollout" is the symptom; a new failure in the logs is how it fails.
  bad_rollout_regression: [
    'dns_resolution_failure',
    'app_crash_dependency_unreachable',
    'connection_pool_exhaustion',
    'upstream_dependency_failure',
    'networkpolicy_blocking',
    'crashloop_missing_env_or_config',
  ],
};

/** A cause seen this long after its effect is not its cause. */
const ONSET_TOLERANCE_MS = 10 * 60_000;

function canCause(cause: RankedHypothesis, effect: RankedHypothesis): boolean {
  if (cause === effect || !cause.evidence.length) return false;
  if (!cause.entityRef || cause.entityRef !== effect.entityRef) return false;
  if (cause.scope === 'namespace' || effect.scope === 'namespace') return false;
  // A configuration- or node-level finding is never the effect of a container-level one.
  if (effect.level === 0 && cause.level > 0) return false;
  const unexplained =
    effect.category === 'insufficient_evidence' && !!effect.symptom;
  const known = CAUSED_BY[effect.category]?.includes(cause.category);
  if (!known && !(unexplained && cause.category !== 'insufficient_evidence'))
    return false;
  if (!cause.onset || !effect.onset) return true;
  return (
    Date.parse(cause.onset) <= Date.parse(effect.onset) + ONSET_TOLERANCE_MS
  );
}

/** Whether `a` already (transitively) explains `b`: no cycles. */
function explains(
  a: RankedHypothesis,
  b: RankedHypothesis,
  parent: Map<RankedHypothesis, RankedHypothesis>,
): boolean {
  for (let h: RankedHypothesis | undefined = b; h; h = parent.get(h))
    if (h === a) return true;
  return false;
}

/** Everything `root` explains, nearest effects first. */
function descendants(
  root: RankedHypothesis,
  parent: Map<RankedHypothesis, RankedHypothesis>,
): RankedHypothesis[] {
  const out: RankedHypothesis[] = [];
  const reached = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, p] of parent) {
      if (reached.has(p) && !reached.has(child)) {
        reached.add(child);
        out.push(child);
        grew = true;
      }
    }
  }
  return out;
}

const linkText = (h: RankedHypothesis) =>
  `${h.title}${h.object ? ` (${h.object})` : ''}`;

/**
 * Links effects to their causes and prefers the deepest cause that has evidence of its own: a
 * cause ranks above every effect it explains (the effect stays listed, below it), and the root
 * of each chain carries it, cause first. Scores are adjusted in place; returns effect → its cause.
 */
export function linkCauses(
  ranked: RankedHypothesis[],
): Map<RankedHypothesis, RankedHypothesis> {
  const parent = new Map<RankedHypothesis, RankedHypothesis>();
  for (const effect of ranked) {
    const causes = ranked
      .filter(c => canCause(c, effect) && !explains(effect, c, parent))
      .sort((a, b) => b.specificity - a.specificity || b.score - a.score);
    if (causes[0]) parent.set(effect, causes[0]);
  }
  const rootOf = (h: RankedHypothesis) => {
    let r = h;
    for (let i = 0; parent.has(r) && i < ranked.length; i++) r = parent.get(r)!;
    return r;
  };
  for (const [effect] of parent) {
    const root = rootOf(effect);
    if (root.score <= effect.score) root.score = effect.score + 0.01;
  }
  // Every effect sits below its own cause: settled from the roots down.
  const depth = (h: RankedHypothesis) => {
    let d = 0;
    for (let x = h; parent.has(x) && d <= ranked.length; x = parent.get(x)!)
      d++;
    return d;
  };
  for (const effect of [...parent.keys()].sort((a, b) => depth(a) - depth(b)))
    effect.score = Math.min(effect.score, parent.get(effect)!.score - 0.01);
  for (const h of ranked) {
    if (parent.has(h)) continue;
    const chain = descendants(h, parent);
    if (!chain.length) continue;
    h.chain = [h, ...chain].map(linkText);
    // The chain's evidence is the cause's too: it shows how the cause reached the users.
    h.evidence = [
      ...new Set([...h.evidence, ...chain.flatMap(e => e.evidence)]),
    ];
  }
  return parent;
}
