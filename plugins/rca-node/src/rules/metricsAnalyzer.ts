import type { RootCauseLabel } from '@internal/plugin-rca-common';
import { evRollout } from '../sources/kubernetes/kubeEvidence';
import {
  iso,
  KUBERNETES_FACTS,
  replicaSetsOf,
  revisionOf,
} from '../sources/kubernetes/kubeFacts';
import {
  METRICS_FACTS,
  type MetricFinding,
} from '../sources/victoriaMetrics/metricsFacts';
import type { Analyzer, AnalyzerContext, HypothesisDraft } from '../contracts';
import { earliest } from './helpers';
import { nextStepsFor } from './nextSteps';

/** A rollout this long before a regression's onset is its likely cause (and slightly after: scrape lag). */
const ROLLOUT_LEAD_MS = 30 * 60_000;
const ROLLOUT_LAG_MS = 3 * 60_000;

const REGRESSION = new Set(['http_5xx_ratio', 'latency_p95', 'latency_p99']);

/**
 * Metric-only causes: a healthy-looking rollout that made errors or latency worse, a leak,
 * throttling, a full volume, saturated HPA and node pressure.
 */
export class MetricsAnalyzer implements Analyzer {
  readonly name = 'metrics';

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const findings = ctx.facts.get(METRICS_FACTS)?.findings ?? [];
    if (!findings.length) return [];
    const out: HypothesisDraft[] = [];
    for (const target of ctx.targets) {
      const mine = findings.filter(f => f.entityRef === target.entityRef);
      if (!mine.length) continue;
      const scope = target.role === 'target' ? 'target' : 'dependency';
      const of = (family: string) => mine.filter(f => f.family === family);
      const draft = (
        category: RootCauseLabel,
        list: MetricFinding[],
        extra: Partial<HypothesisDraft> & {
          title: string;
          explanation: string;
          specificity: number;
        },
      ): HypothesisDraft => ({
        category,
        level: 3,
        scope,
        entityRef: target.entityRef,
        object: list[0]?.object,
        onset: earliest(list.map(f => f.onset ?? f.ramp?.start)),
        evidence: list.map(f => f.evidence),
        nextSteps: nextStepsFor(category, { namespace: list[0]?.namespace }),
        ...extra,
      });

      const regression = mine.filter(f => REGRESSION.has(f.family) && f.onset);
      if (regression.length) {
        const onset = earliest(regression.map(f => f.onset))!;
        const rollout = this.#rolloutNear(ctx, target.entityRef, onset);
        if (rollout) {
          out.push(
            draft('bad_rollout_regression', regression, {
              title: `Rollout of ${rollout.name} made ${regression
                .map(f => f.family.replace(/_/g, ' '))
                .join(' and ')} worse`,
              explanation: `revision ${rollout.revision} started at ${
                rollout.at
              }; ${regression
                .map(f => f.family)
                .join(', ')} rose from ${onset} while the pods stayed healthy`,
              level: 1,
              specificity: 0.9,
              change: rollout.evidence,
              evidence: [...regression.map(f => f.evidence), rollout.evidence],
              object: rollout.object,
              subject: rollout.subject,
              nextSteps: nextStepsFor('bad_rollout_regression', {
                namespace: rollout.subject.namespace,
                kind: 'Deployment',
                name: rollout.subject.name,
              }),
            }),
          );
        } else {
          out.push(
            draft('insufficient_evidence', regression, {
              title: `${regression
                .map(f => f.family.replace(/_/g, ' '))
                .join(' and ')} rose with no change to explain it`,
              explanation:
                'errors or latency rose, but no rollout or config change lines up with the onset',
              symptom: true,
              specificity: 0.3,
            }),
          );
        }
      }

      const leaks = of('memory_limit_ratio').filter(f => f.ramp);
      if (leaks.length) {
        out.push(
          draft('memory_leak', [...leaks, ...of('oom_restarts')], {
            title: 'Memory grows steadily until the container is OOM-killed',
            explanation: `working set climbed from ${pct(
              leaks[0].ramp!.from,
            )} to ${pct(
              leaks[0].ramp!.to,
            )} of the limit in a straight line (r² ${leaks[0].ramp!.r2.toFixed(
              2,
            )}); a bigger limit only delays the kill`,
            onset: earliest(leaks.map(f => f.ramp!.start)),
            specificity: 0.93,
          }),
        );
      } else if (of('oom_restarts').length) {
        out.push(
          draft(
            'oom_killed_limit_too_low',
            [...of('oom_restarts'), ...of('memory_limit_ratio')],
            {
              title: 'Containers are OOM-killed at their memory limit',
              explanation:
                'OOM-killed restarts in the window, with the working set at the limit and no steady climb',
              specificity: 0.75,
            },
          ),
        );
      }

      const throttled = of('cpu_throttling');
      if (throttled.length) {
        const slower = regression.filter(f => f.family.startsWith('latency'));
        out.push(
          draft('cpu_throttling', [...throttled, ...slower], {
            title: `CPU limit throttles ${throttled[0].object}`,
            explanation: `${pct(throttled[0].level)} of CFS periods throttled${
              slower.length ? ', and latency rose with it' : ''
            }`,
            specificity: slower.length ? 0.85 : 0.6,
          }),
        );
      }

      const pvc = of('pvc_usage').filter(f => f.peak >= 0.95);
      if (pvc.length)
        out.push(
          draft('pvc_disk_full', pvc, {
            title: `Volume ${
              pvc[0].labels.persistentvolumeclaim ?? ''
            } is full`,
            explanation: `PVC usage reached ${pct(pvc[0].peak)}`,
            level: 2,
            specificity: 0.8,
          }),
        );
      const hpa = of('hpa_saturation');
      if (hpa.length)
        out.push(
          draft('hpa_maxed_out_saturation', [...hpa, ...regression], {
            title: `HPA ${
              hpa[0].labels.horizontalpodautoscaler ?? ''
            } is at maxReplicas`,
            explanation: `replicas reached maxReplicas at ${
              hpa[0].onset ?? 'the start of the window'
            }`,
            level: 1,
            specificity: regression.length ? 0.8 : 0.55,
          }),
        );
      for (const [family, category] of [
        ['node_memory', 'node_memory_pressure'],
        ['node_disk', 'node_disk_pressure_eviction'],
      ] as const) {
        const nodes = of(family);
        if (nodes.length)
          out.push(
            draft(category, nodes, {
              title: `${nodes[0].object.replace(
                / \(.*$/,
                '',
              )} is nearly out of ${
                family === 'node_memory' ? 'memory' : 'disk'
              }`,
              explanation: `${family.replace('_', ' ')} reached ${pct(
                nodes[0].peak,
              )}`,
              level: 0,
              specificity: 0.55,
            }),
          );
      }
    }
    return out;
  }

  /** The newest rollout of the entity's Deployments that started shortly before `onset`. */
  #rolloutNear(ctx: AnalyzerContext, entityRef: string, onset: string) {
    const k8s = ctx.facts.get(KUBERNETES_FACTS);
    const o = Date.parse(onset);
    for (const s of k8s?.clusters ?? []) {
      for (const t of s.targets.filter(x => x.target.entityRef === entityRef)) {
        for (const d of t.deployments) {
          const [latest, previous] = replicaSetsOf(t, d);
          const at = iso(latest?.metadata?.creationTimestamp);
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
            subject: {
              cluster: s.cluster,
              kind: 'Deployment',
              namespace,
              name,
            },
          };
        }
      }
    }
    return undefined;
  }
}

function pct(v: number) {
  return `${Math.round(v * 100)}%`;
}
