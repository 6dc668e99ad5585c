import type { HypothesisDraft, RcaTarget } from '../../contracts';
import type { RunContext } from '../RunContext';
import { blameDependency } from '../ranking/blameDependency';
import { checkedWorkloads } from '../ranking/checkedWorkloads';
import { linkCauses } from '../ranking/causalChain';
import { onsetSpread, type RankedHypothesis, scored } from '../ranking/score';
import {
  distinctCandidates,
  RULED_OUT,
  type RuledOutDraft,
  setAside,
} from '../ranking/ruledOut';
import { verdictWithoutFindings } from '../ranking/verdict';

/** Hypotheses in all: distinct candidates, the strongest first. */
const MAX_HYPOTHESES = 10;

/**
 * Orders hypotheses deterministically and derives the two verdicts that are not findings:
 * blame on a failing dependency, and "healthy" / "insufficient evidence" when nothing explains
 * the symptoms.
 */
export function rankHypotheses(
  drafts: HypothesisDraft[],
  options: {
    targets: RcaTarget[];
    gaps: string[];
    /** Receives the symptoms set aside as explained or repeated. */
    ruledOut?: RuledOutDraft[];
    /** The component's workloads that were read, named in a "healthy" verdict. */
    checked?: string[];
  },
): RankedHypothesis[] {
  const spread = onsetSpread(drafts);
  const ranked = drafts.map(d => scored(d, spread));
  const explainedBy = linkCauses(ranked);
  const upstream = blameDependency(ranked, options.targets, spread);
  if (upstream) ranked.push(upstream);
  const verdict = verdictWithoutFindings(ranked, options.gaps, options.checked);
  if (verdict) ranked.push(verdict);

  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.category.localeCompare(b.category) ||
      (a.object ?? '').localeCompare(b.object ?? ''),
  );
  const kept = distinctCandidates(
    ranked,
    explainedBy,
    options.ruledOut ?? [],
  ).slice(0, MAX_HYPOTHESES);
  const degrade = options.gaps.length ? 0.85 : 1;
  for (const h of kept) {
    const cap = h.symptom ? 0.5 : 0.97;
    h.confidence =
      Math.round(Math.max(0.05, Math.min(cap, h.score)) * degrade * 100) / 100;
  }
  return kept;
}

/**
 * The ranking step: ranked hypotheses, the top one reported as progress. Findings set aside
 * (history, cleared, unrelated) are left in the facts for the report's "Ruled out" list.
 */
export function rank(
  run: RunContext,
  drafts: HypothesisDraft[],
  targets: RcaTarget[],
): RankedHypothesis[] {
  const { candidates, ruledOut } = setAside(drafts);
  run.facts.set(RULED_OUT, ruledOut);
  const ranked = rankHypotheses(candidates, {
    targets,
    gaps: run.gaps,
    ruledOut,
    checked: checkedWorkloads(run.facts),
  });
  const top = ranked[0];
  run.progress(
    'analysis',
    `Top hypothesis: ${top.category} (${top.confidence.toFixed(2)}) ${
      top.title
    }`,
  );
  return ranked;
}
