import type { V1Node } from '@kubernetes/client-node';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evCondition, evObject } from '../../sources/kubernetes/kubeEvidence';
import { iso, ref } from '../../sources/kubernetes/kubeFacts';
import type {
  MetricsView,
  PodFinding,
  PodView,
  RuleDraft,
  RuleFamily,
  TargetView,
} from '../family';
import { objectLabel, percent } from '../helpers';

/** The node under the pods: NotReady, out of memory, out of disk. */
export const LABELS = [
  'node_not_ready',
  'node_memory_pressure',
  'node_disk_pressure_eviction',
] as const satisfies readonly RootCauseLabel[];

export const SPECIFICITY = {
  /** The node reports Ready other than True. */
  notReady: 0.9,
  /** The node reports MemoryPressure or DiskPressure. */
  pressureCondition: 0.75,
  /** A pod was evicted and the kubelet names memory or disk. */
  evictedForResource: 0.9,
  /** A pod was evicted for another or an unnamed reason. */
  evictedOther: 0.6,
  /** The node's memory or disk usage is high in the metrics. */
  usageMetric: 0.55,
};

export const TITLES = {
  evicted: (resource: 'memory' | 'disk') =>
    `Pods evicted: node low on ${resource}`,
  notReady: (node: string) => `Node ${node} is NotReady`,
  pressure: (node: string, condition: string) =>
    `Node ${node} under ${condition}`,
  /** `Node n1 is nearly out of memory`, from the metric's object. */
  nearlyOut: (object: string, resource: 'memory' | 'disk') =>
    `${object.replace(/ \(.*$/, '')} is nearly out of ${resource}`,
};

/** An evicted pod: the kubelet's message names the resource the node ran out of. */
function ended(p: PodView): PodFinding | undefined {
  if (p.pod.status?.reason !== 'Evicted') return undefined;
  const msg = p.pod.status.message ?? '';
  const key = evObject(
    p.ledger,
    p.cluster,
    ref('Pod', p.pod),
    'status.reason',
    `Evicted: ${msg}`,
    { severity: 'error' },
  );
  const memory = /memory/i.test(msg);
  const evicted = p.events.filter(e => e.reason === 'Evicted');
  return {
    category: memory ? 'node_memory_pressure' : 'node_disk_pressure_eviction',
    specificity: /ephemeral-storage|disk|nodefs|imagefs|memory/i.test(msg)
      ? SPECIFICITY.evictedForResource
      : SPECIFICITY.evictedOther,
    title: TITLES.evicted(memory ? 'memory' : 'disk'),
    explanation: `Pod ${p.podName} was evicted by the kubelet: ${
      msg || 'no message'
    }`,
    level: 0,
    evidence: [key, ...p.cite(evicted)],
    onset: p.onsetOf(evicted),
    detail: p.pod.spec?.nodeName,
  };
}

const LIMIT_OF: Record<string, string> = { MemoryPressure: 'memory' };
const MAX_NEIGHBOURS = 5;

/** Other pods on the node with a container that has no limit on the resource under pressure. */
function unlimitedNeighbours(
  t: TargetView,
  nodeName: string,
  own: string[],
  condition: string,
): string {
  const resource = LIMIT_OF[condition];
  if (!resource) return '';
  const names = (t.snapshot.neighbours?.get(nodeName) ?? [])
    // An evicted or finished pod holds nothing any more.
    .filter(
      p =>
        !own.includes(p.metadata?.name ?? '') && p.status?.phase === 'Running',
    )
    .filter(p =>
      (p.spec?.containers ?? []).some(c => !c.resources?.limits?.[resource]),
    )
    .map(p => `${p.metadata?.namespace}/${p.metadata?.name}`)
    .slice(0, MAX_NEIGHBOURS);
  return names.length
    ? `; other pods on it with no ${resource} limit (in the namespaces you may read): ${names.join(
        ', ',
      )}`
    : '';
}

/** Conditions of one node that runs `pods`. */
function nodeDrafts(
  t: TargetView,
  nodeName: string,
  node: V1Node,
  pods: string[],
): RuleDraft[] {
  const out: RuleDraft[] = [];
  const conditions = node.status?.conditions ?? [];
  const notReady = conditions.find(
    c => c.type === 'Ready' && c.status !== 'True',
  );
  const memory = conditions.find(
    c => c.type === 'MemoryPressure' && c.status === 'True',
  );
  const disk = conditions.find(
    c => c.type === 'DiskPressure' && c.status === 'True',
  );
  const base = {
    object: objectLabel(t.cluster, 'Node', undefined, nodeName),
    subject: { cluster: t.cluster, kind: 'Node', name: nodeName },
    scope: t.scope,
    entityRef: t.objects.target.entityRef,
    level: 0,
    steps: { detail: nodeName },
  };
  if (notReady) {
    out.push({
      ...base,
      category: 'node_not_ready',
      title: TITLES.notReady(nodeName),
      explanation: `Node ${nodeName}, which runs ${pods.join(
        ', ',
      )}, reports Ready=${notReady.status}: ${notReady.reason ?? ''} ${
        notReady.message ?? ''
      }`.trim(),
      onset: iso(notReady.lastTransitionTime),
      evidence: [evCondition(t.ledger, t.cluster, 'Node', node, notReady)],
      specificity: SPECIFICITY.notReady,
    });
  }
  for (const [cond, category] of [
    [memory, 'node_memory_pressure'],
    [disk, 'node_disk_pressure_eviction'],
  ] as const) {
    if (!cond) continue;
    out.push({
      ...base,
      category,
      title: TITLES.pressure(nodeName, cond.type),
      explanation: `Node ${nodeName}, which runs ${pods.join(', ')}, reports ${
        cond.type
      }=True: ${cond.message ?? ''}${unlimitedNeighbours(
        t,
        nodeName,
        pods,
        cond.type,
      )}`,
      onset: iso(cond.lastTransitionTime),
      evidence: [evCondition(t.ledger, t.cluster, 'Node', node, cond)],
      specificity: SPECIFICITY.pressureCondition,
    });
  }
  return out;
}

/** The nodes that run the target's pods. */
function infrastructure(t: TargetView): RuleDraft[] {
  const podsByNode = new Map<string, string[]>();
  for (const p of t.objects.pods) {
    const node = p.spec?.nodeName;
    if (node)
      podsByNode.set(node, [
        ...(podsByNode.get(node) ?? []),
        p.metadata?.name ?? '?',
      ]);
  }
  return [...podsByNode].flatMap(([nodeName, pods]) => {
    const node = t.snapshot.nodes.get(nodeName);
    return node ? nodeDrafts(t, nodeName, node, pods) : [];
  });
}

function metrics(m: MetricsView): RuleDraft[] {
  const out: RuleDraft[] = [];
  for (const [family, category, resource] of [
    ['node_memory', 'node_memory_pressure', 'memory'],
    ['node_disk', 'node_disk_pressure_eviction', 'disk'],
  ] as const) {
    const nodes = m.of(family);
    if (nodes.length)
      out.push(
        m.draft(category, nodes, {
          title: TITLES.nearlyOut(nodes[0].object, resource),
          explanation: `${family.replace('_', ' ')} reached ${percent(
            nodes[0].peak,
          )}`,
          level: 0,
          specificity: SPECIFICITY.usageMetric,
        }),
      );
  }
  return out;
}

export const nodes: RuleFamily = {
  name: 'nodes',
  labels: LABELS,
  pods: { ended },
  infrastructure,
  metrics,
  nextSteps: {
    node_not_ready: c => [
      {
        text: 'Check the node and move the workload off it.',
        command: `kubectl describe node ${c.detail ?? '<node>'}`,
      },
      {
        text: 'Drain the node once the pods have somewhere to go.',
        command: `kubectl drain ${
          c.detail ?? '<node>'
        } --ignore-daemonsets --delete-emptydir-data`,
      },
    ],
    node_disk_pressure_eviction: c => [
      {
        text: 'Free disk on the node and set ephemeral-storage requests/limits.',
        command: `kubectl describe node ${c.detail ?? '<node>'}`,
      },
    ],
    node_memory_pressure: c => [
      {
        text: 'Reduce overcommit: set memory requests close to usage, or add capacity.',
        command: `kubectl describe node ${c.detail ?? '<node>'}`,
      },
    ],
  },
};
