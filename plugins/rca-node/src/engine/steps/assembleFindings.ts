import type {
  EvidenceItem,
  Hypothesis,
  TimelineEntry,
} from '@internal/plugin-rca-common';
import { buildTimeline } from '../findings/buildTimeline';
import { describeImpact } from '../findings/describeImpact';
import { toHypothesis } from '../findings/toHypothesis';
import { withPeriod } from '../findings/withPeriod';
import type { RankedHypothesis } from '../ranking/score';
import type { RunContext } from '../RunContext';

/** The ranked result in report terms: evidence ids assigned, every item and hypothesis final. */
export interface Findings {
  hypotheses: Hypothesis[];
  /** Every evidence item, cited ones first. */
  evidence: EvidenceItem[];
  window: { from: string; to: string };
  impact: string;
  timeline: TimelineEntry[];
}

export function assembleFindings(
  run: RunContext,
  ranked: RankedHypothesis[],
): Findings {
  const { input, evidence: ledger } = run;
  const ids = ledger.assignIds(ranked.flatMap(h => h.evidence));
  const hypotheses = ranked.map((h, i) => toHypothesis(h, i + 1, ids));
  // Evidence outside the window is never cited as if it were in it: it is labelled.
  const evidence = ledger.items().map(e => withPeriod(e, input.window));
  const window = {
    from: input.window.from.toISOString(),
    to: input.window.to.toISOString(),
  };
  return {
    hypotheses,
    evidence,
    window,
    impact: describeImpact(run.facts, input.entityRef),
    timeline: buildTimeline(ranked, evidence, ids, window),
  };
}
