import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evObject } from '../../sources/kubernetes/kubeEvidence';
import { iso, ref } from '../../sources/kubernetes/kubeFacts';
import type {
  Classified,
  PodFinding,
  PodView,
  RuleDraft,
  RuleFamily,
  TargetView,
} from '../family';
import { taintText, uncoveredNodes } from '../daemonSetCoverage';
import { kubectl, workloadRef } from '../steps';
import { SPECIFICITY as UNEXPLAINED } from './unexplained';

/** The scheduler cannot place the pods. */
export const LABELS = [
  'unschedulable_insufficient_resources',
  'unschedulable_untolerated_taint',
  'unschedulable_anti_affinity',
  'unschedulable_node_selector_mismatch',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  insufficientResources: 0.95,
  untoleratedTaint: 0.9,
  antiAffinity: 0.9,
  nodeSelectorMismatch: 0.9,
  /** A DaemonSet runs no pod on nodes whose taint it does not tolerate; nothing is Pending. */
  daemonSetSkipsNodes: 0.5,
};

export const TITLES = {
  unschedulable: 'Pods cannot be scheduled',
  /** `Pods cannot be scheduled (insufficient resources)`, from the label. */
  because: (label: RootCauseLabel) =>
    `Pods cannot be scheduled (${label
      .replace('unschedulable_', '')
      .replace(/_/g, ' ')})`,
};

const SCHEDULER_MESSAGES = [
  {
    pattern:
      /Insufficient (cpu|memory|nvidia\.com\/gpu|ephemeral-storage|pods)|Too many pods/i,
    label: 'unschedulable_insufficient_resources',
    specificity: SPECIFICITY.insufficientResources,
  },
  {
    pattern: /untolerated taint|had taint.*that the pod didn't tolerate/i,
    label: 'unschedulable_untolerated_taint',
    specificity: SPECIFICITY.untoleratedTaint,
  },
  {
    pattern:
      /didn't match pod anti-affinity|didn't match pod affinity\/anti-affinity|anti-affinity/i,
    label: 'unschedulable_anti_affinity',
    specificity: SPECIFICITY.antiAffinity,
  },
  {
    pattern:
      /didn't match Pod's node affinity|node\(s\) didn't match node selector|node affinity\/selector/i,
    label: 'unschedulable_node_selector_mismatch',
    specificity: SPECIFICITY.nodeSelectorMismatch,
  },
] as const;

/** Nodes listed per finding. */
const MAX_NODES = 4;

/** Each DaemonSet of the target that skips nodes for a taint its pods do not tolerate. */
function workloads(t: TargetView): RuleDraft[] {
  const nodes = t.snapshot.allNodes ?? [];
  return t.objects.daemonSets.flatMap(ds => {
    const skipped = uncoveredNodes(ds, t.objects.pods, nodes);
    if (!skipped.length) return [];
    const names = skipped.map(u => u.node.metadata?.name ?? '?');
    const taints = [...new Set(skipped.flatMap(u => u.taints.map(taintText)))];
    return [
      {
        ...t.about('DaemonSet', ds),
        category: 'unschedulable_untolerated_taint' as const,
        title: `DaemonSet ${ds.metadata?.name} skips ${skipped.length} tainted node(s)`,
        explanation: `DaemonSet ${ds.metadata?.name} runs no pod on ${names
          .slice(0, MAX_NODES)
          .join(', ')}${
          names.length > MAX_NODES ? ', …' : ''
        }: taint ${taints.join(
          ', ',
        )} is not tolerated by its pods, so its own counts leave those nodes out`,
        level: 1,
        specificity: SPECIFICITY.daemonSetSkipsNodes,
        evidence: skipped.slice(0, MAX_NODES).map(u =>
          evObject(
            t.ledger,
            t.cluster,
            ref('Node', u.node),
            'spec.taints',
            `taint ${u.taints.map(taintText).join(', ')}; no pod of DaemonSet ${
              ds.metadata?.name
            } runs here`,
            // Read from every node: the cluster scope, which the report's readers need too.
            { drawnFrom: '' },
          ),
        ),
        steps: {
          namespace: ds.metadata?.namespace,
          kind: 'DaemonSet',
          name: ds.metadata?.name,
        },
      },
    ];
  });
}

/** Taints that keep workloads off control-plane nodes by design: never the reason to fix. */
const CONTROL_PLANE_TAINT = /node-role\.kubernetes\.io\/(control-plane|master)/;

/**
 * The reason that excludes the most nodes in `0/N nodes are available: 1 node(s) had untolerated
 * taint {…}, 2 node(s) didn't match pod anti-affinity rules.`: the scheduler lists one count per
 * filter, and the control-plane nodes' taint is by design, so it is not the reason to fix.
 */
function dominantReason(p: PodView, text: string): Classified | undefined {
  const counts = new Map<RootCauseLabel, { n: number; hit: Classified }>();
  for (const line of text.split('\n')) {
    const list = /nodes are available: (.*?)(?:\s*preemption:|$)/.exec(line);
    for (const part of list?.[1].split(/,\s*(?=\d+\s)/) ?? []) {
      const m = /^(\d+)\s+(.*)$/.exec(part.trim());
      if (!m || CONTROL_PLANE_TAINT.test(m[2])) continue;
      const hit = p.classify('scheduling', m[2]);
      if (hit && +m[1] > (counts.get(hit.label)?.n ?? 0))
        counts.set(hit.label, { n: +m[1], hit });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.hit;
}

/** The pod's own placement constraints, which the scheduler's message only counts. */
function constraints(p: PodView): string {
  const selector = Object.entries(p.pod.spec?.nodeSelector ?? {});
  const tolerations = (p.pod.spec?.tolerations ?? [])
    .map(t => t.key)
    .filter(Boolean);
  return [
    selector.length
      ? `; nodeSelector ${selector.map(([k, v]) => `${k}=${v}`).join(', ')}`
      : '',
    tolerations.length ? `; tolerates ${tolerations.join(', ')}` : '',
  ].join('');
}

/** Pending with PodScheduled=False: the scheduler's message names the reason. */
function condition(p: PodView): PodFinding | undefined {
  const scheduled = p.pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  if (p.pod.status?.phase !== 'Pending' || scheduled?.status !== 'False')
    return undefined;
  const failed = p.events.filter(e => e.reason === 'FailedScheduling');
  // cluster-autoscaler says why no node was added for the pod (node group at its maximum, …).
  const noScaleUp = p.events.filter(e => e.reason === 'NotTriggerScaleUp');
  const text = [
    scheduled.message ?? '',
    ...failed.map(e => e.message ?? ''),
  ].join('\n');
  const hit = dominantReason(p, text) ?? p.classify('scheduling', text);
  const condKey = evObject(
    p.ledger,
    p.cluster,
    ref('Pod', p.pod),
    'status.conditions[PodScheduled]',
    `PodScheduled=False ${scheduled.reason ?? ''}: ${scheduled.message ?? ''}`,
    {
      timestamp: iso(scheduled.lastTransitionTime),
      severity: 'error',
    },
  );
  return {
    category: hit?.label ?? 'insufficient_evidence',
    specificity: hit?.specificity ?? UNEXPLAINED.unschedulable,
    symptom: !hit,
    title: hit ? TITLES.because(hit.label) : TITLES.unschedulable,
    explanation: `The scheduler cannot place ${p.podName}: ${
      scheduled.message ?? failed[0]?.message ?? 'no message'
    }${constraints(p)}${
      noScaleUp[0] ? `; cluster-autoscaler: ${noScaleUp[0].message}` : ''
    }`,
    level: hit?.level ?? 1,
    evidence: [condKey, ...p.cite(failed), ...p.cite(noScaleUp)],
    onset: p.onsetOf(failed, iso(scheduled.lastTransitionTime)),
  };
}

export const scheduling: RuleFamily = {
  name: 'scheduling',
  labels: LABELS,
  messages: { scheduling: SCHEDULER_MESSAGES },
  pods: { condition },
  workloads,
  nextSteps: {
    unschedulable_insufficient_resources: () => [
      {
        text: 'Compare the requests with free capacity; scale the node pool or lower requests.',
        command: 'kubectl describe nodes | grep -A5 "Allocated resources"',
      },
    ],
    unschedulable_node_selector_mismatch: () => [
      {
        text: 'Check nodeSelector/affinity against node labels.',
        command: 'kubectl get nodes --show-labels',
      },
    ],
    unschedulable_untolerated_taint: () => [
      {
        text: 'Add a toleration or schedule onto untainted nodes.',
        command:
          'kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints',
      },
    ],
    unschedulable_anti_affinity: c => [
      {
        text: 'Relax the pod anti-affinity (preferred instead of required) or add nodes.',
        command: `${kubectl(c)} edit ${workloadRef(c)}`,
      },
    ],
  },
};
