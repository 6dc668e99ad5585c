import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
  RcaTarget,
} from '../../contracts';
import {
  METRICS_FACTS,
  type MetricFinding,
} from '../../sources/victoriaMetrics/metricsFacts';
import type { MetricsView } from '../family';
import { earliest, workloadOf } from '../helpers';
import { withNextSteps } from '../nextSteps';
import { RULE_FAMILIES } from '../registry';

/** Metric families that measure what users feel: errors and latency. */
const REGRESSION = new Set(['http_5xx_ratio', 'latency_p95', 'latency_p99']);

function metricsView(
  ctx: AnalyzerContext,
  target: RcaTarget,
  findings: MetricFinding[],
): MetricsView {
  const scope = target.role === 'target' ? 'target' : 'dependency';
  return {
    ctx,
    target,
    findings,
    of: family => findings.filter(f => f.family === family),
    regression: findings.filter(f => REGRESSION.has(f.family) && f.onset),
    draft: (category, list, extra) => ({
      category,
      level: 3,
      scope,
      entityRef: target.entityRef,
      object: list[0]?.object,
      onset: earliest(list.map(f => f.onset ?? f.ramp?.start)),
      evidence: list.map(f => f.evidence),
      steps: workloadOf(ctx, target.entityRef, list[0]?.namespace),
      ...extra,
    }),
  };
}

/**
 * Metric-only causes (a healthy-looking rollout that made errors or latency worse, a leak,
 * throttling, a full volume, a saturated HPA, node pressure), from the families' metrics hooks.
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
      const view = metricsView(ctx, target, mine);
      for (const family of RULE_FAMILIES)
        for (const draft of family.metrics?.(view) ?? [])
          out.push(withNextSteps(draft));
    }
    return out;
  }
}
