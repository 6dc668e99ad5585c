import type { Entity } from '@backstage/catalog-model';
import type { Scenario } from '@internal/k8s-standin';
import type { RootCauseLabel } from '@internal/plugin-rca-common';
import {
  hpaAnalyzer,
  ingressAnalyzer,
  nodeAnalyzer,
  pvcAnalyzer,
  serviceAnalyzer,
} from './clusterAnalyzers';
import { clusterView, type ClusterView, type Flag } from './flags';
import { labelOf } from './labelOf';
import { logAnalyzer, type LogRow } from './logAnalyzer';
import { podAnalyzer } from './podAnalyzer';
import {
  daemonSetAnalyzer,
  deploymentAnalyzer,
  jobAnalyzers,
  replicaSetAnalyzer,
  statefulSetAnalyzer,
} from './workloadAnalyzers';

/** k8sgpt's core analyzers in its registry order, then the opt-in HPA analyzer. */
const ANALYZERS: Array<(view: ClusterView) => Flag[]> = [
  podAnalyzer,
  daemonSetAnalyzer,
  deploymentAnalyzer,
  replicaSetAnalyzer,
  pvcAnalyzer,
  serviceAnalyzer,
  ingressAnalyzer,
  statefulSetAnalyzer,
  jobAnalyzers,
  nodeAnalyzer,
  hpaAnalyzer,
];

export interface K8sgptRanking {
  /** Labels in the order a reader meets them: the entity's Results first, then the rest. */
  ranked: RootCauseLabel[];
  /** The flag the first label came from (none when the entity has no Result). */
  first?: Flag;
  /** Every Result, for the needles a responder would read. */
  flags: Flag[];
}

/**
 * Labels in reading order. A Pod Result that names no cause ("the last termination reason is
 * Error") is read together with that pod's Log Result, as `k8sgpt analyze --explain` hands both to
 * the model; Log Results on their own come after every other Result.
 */
function readAll(flags: Flag[]): RootCauseLabel[] {
  const logs = flags.filter(f => f.analyzer === 'Log');
  const logOf = (f: Flag) => logs.find(l => l.name.startsWith(`${f.name}/`));
  const read = (f: Flag) => {
    const label = labelOf(f);
    const log = f.kind === 'Pod' ? logOf(f) : undefined;
    return label === 'insufficient_evidence' && log ? labelOf(log) : label;
  };
  return [
    ...flags.filter(f => f.analyzer !== 'Log').map(read),
    ...logs.map(labelOf),
  ];
}

/** Does `labels` belong to the entity, as the operator's Backstage integration decides it? */
function belongsTo(
  entity: Entity,
): (labels: Record<string, string>) => boolean {
  const a = entity.metadata.annotations ?? {};
  const id = a['backstage.io/kubernetes-id'];
  const selector = a['backstage.io/kubernetes-label-selector'];
  const pairs = (selector ?? '')
    .split(',')
    .filter(Boolean)
    .map(p => p.split('=').map(x => x.trim()));
  return labels =>
    id
      ? labels['backstage.io/kubernetes-id'] === id
      : pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}

/**
 * A k8sgpt-style baseline: k8sgpt's analyzers (as described in `rca-knowledge.md` §2) over every
 * cluster of the scenario, plus its Log analyzer over the same log lines the engine reads; each
 * Result mapped to a label by `labelOf`. What the entity's Results say comes first, as the Backstage
 * k8sgpt plugin shows them on the entity page; an entity with no Result reads as healthy.
 */
export function k8sgptBaseline(
  scenario: Scenario,
  entity: Entity,
  logs: object[],
): K8sgptRanking {
  const mine = belongsTo(entity);
  const flags = Object.values(scenario.clusters).flatMap(c => {
    const view = clusterView(c.objects);
    return [
      ...ANALYZERS.flatMap(a => a(view)),
      ...logAnalyzer(view, logs as LogRow[]),
    ];
  });
  const own = flags.filter(f => mine(f.labels));
  const others = flags.filter(f => !mine(f.labels));
  const labels: RootCauseLabel[] = [
    ...(own.length ? readAll(own) : ['no_issue_healthy' as const]),
    ...readAll(others),
  ];
  return { ranked: [...new Set(labels)], first: own[0], flags: own };
}
