import type {
  EvidenceItem,
  Hypothesis,
  MetricSeries,
  RuledOut,
  TimelineEntry,
} from '@internal/plugin-rca-common';
import { buildTimeline } from '../findings/buildTimeline';
import { describeImpact } from '../findings/describeImpact';
import { metricSeries } from '../findings/metricSeries';
import { toHypothesis } from '../findings/toHypothesis';
import { toRuledOut } from '../findings/toRuledOut';
import { withPeriod } from '../findings/withPeriod';
import { RULED_OUT } from '../ranking/ruledOut';
import type { RankedHypothesis } from '../ranking/score';
import type { RunContext } from '../RunContext';

/** The ranked result in report terms: evidence ids assigned, every item and hypothesis final. */
export interface Findings {
  hypotheses: Hypothesis[];
  /** Findings considered and set aside, with the reason. */
  ruledOut: RuledOut[];
  /** Every evidence item, cited ones first. */
  evidence: EvidenceItem[];
  window: { from: string; to: string };
  impact: string;
  timeline: TimelineEntry[];
  /** The changed metrics' series, for charts. */
  series: MetricSeries[];
}

export function assembleFindings(
  run: RunContext,
  ranked: RankedHypothesis[],
): Findings {
  const { input, evidence: ledger } = run;
  const setAside = run.facts.get(RULED_OUT) ?? [];
  const ids = ledger.assignIds([
    ...ranked.flatMap(h => h.evidence),
    ...setAside.flatMap(d => d.evidence),
  ]);
  const hypotheses = ranked.map((h, i) => toHypothesis(h, i + 1, ids));
  const ruledOut = toRuledOut(setAside, ids);
  // Evidence outside the window is never cited as if it were in it: it is labelled.
  const evidence = ledger.items().map(e => withPeriod(e, input.window));
  const window = {
    from: input.window.from.toISOString(),
    to: input.window.to.toISOString(),
  };
  return {
    hypotheses,
    ruledOut,
    evidence,
    window,
    impact: describeImpact(run.facts, input.entityRef),
    timeline: buildTimeline(ranked, evidence, ids, window),
    series: metricSeries(run.facts, ids),
  };
}
