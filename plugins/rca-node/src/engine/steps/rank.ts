import type { HypothesisDraft, RcaTarget } from '../../contracts';
import type { RunContext } from '../RunContext';
import { blameDependency } from '../ranking/blameDependency';
import { onsetSpread, type RankedHypothesis, scored } from '../ranking/score';
import { verdictWithoutFindings } from '../ranking/verdict';

/** Noise entries kept in the list, and hypotheses in all. */
const MAX_NOISE = 3;
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
  },
): RankedHypothesis[] {
  const spread = onsetSpread(drafts);
  const ranked = drafts.map(d => scored(d, spread));
  const upstream = blameDependency(ranked, options.targets, spread);
  if (upstream) ranked.push(upstream);
  const verdict = verdictWithoutFindings(ranked, options.gaps);
  if (verdict) ranked.push(verdict);

  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.category.localeCompare(b.category) ||
      (a.object ?? '').localeCompare(b.object ?? ''),
  );
  // Keep the list readable: a few noise entries at most.
  let noise = 0;
  const kept = ranked
    .filter(h => h.scope !== 'namespace' || ++noise <= MAX_NOISE)
    .slice(0, MAX_HYPOTHESES);
  const degrade = options.gaps.length ? 0.85 : 1;
  for (const h of kept) {
    const cap = h.symptom ? 0.5 : 0.97;
    h.confidence =
      Math.round(Math.max(0.05, Math.min(cap, h.score)) * degrade * 100) / 100;
  }
  return kept;
}

/** The ranking step: ranked hypotheses, the top one reported as progress. */
export function rank(
  run: RunContext,
  drafts: HypothesisDraft[],
  targets: RcaTarget[],
): RankedHypothesis[] {
  const ranked = rankHypotheses(drafts, { targets, gaps: run.gaps });
  const top = ranked[0];
  run.progress(
    'analysis',
    `Top hypothesis: ${top.category} (${top.confidence.toFixed(2)}) ${
      top.title
    }`,
  );
  return ranked;
}
