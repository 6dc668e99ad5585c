import { createFactRef, type HypothesisDraft } from '../../contracts';
import type { RankedHypothesis } from './score';

/** A finding set aside before ranking, with the reason. */
export type RuledOutDraft = HypothesisDraft & { ruledOut: string };

/** The ranking step leaves the findings it set aside here for the report. */
export const RULED_OUT = createFactRef<RuledOutDraft[]>('ruledOut');

/** Why a warning about another workload with no recognisable cause is not a candidate. */
export const UNRELATED_REASON =
  'not part of the analysed component, and its message names no cause';

/** Why a neighbour's recognisable problem is not a candidate for this component. */
function unrelatedReason(d: HypothesisDraft): string {
  if (d.category === 'insufficient_evidence') return UNRELATED_REASON;
  return `${
    d.object ? `${d.object} is` : 'this is'
  } another workload in the namespace, not part of the analysed component: its own problem, not a cause here`;
}

/**
 * Splits the drafts: candidates are ranked; findings that ended before the window or have cleared
 * since, and problems of other workloads in the namespace, are set aside with their reason so the
 * hypotheses stay distinct root-cause candidates of the component.
 */
export function setAside(drafts: HypothesisDraft[]): {
  candidates: HypothesisDraft[];
  ruledOut: RuledOutDraft[];
} {
  const candidates: HypothesisDraft[] = [];
  const ruledOut: RuledOutDraft[] = [];
  for (const d of drafts) {
    if (d.ruledOut) ruledOut.push({ ...d, ruledOut: d.ruledOut });
    else if (d.scope === 'namespace')
      ruledOut.push({ ...d, ruledOut: unrelatedReason(d) });
    else candidates.push(d);
  }
  return { candidates, ruledOut };
}

/**
 * Keeps the ranked list to distinct candidates (ranked order kept): an "insufficient evidence"
 * symptom a found cause explains is set aside as explained, and of the unexplained ones (the
 * verdict included) only the first stands; the others are the same gap seen again.
 */
export function distinctCandidates(
  ranked: RankedHypothesis[],
  explainedBy: Map<RankedHypothesis, RankedHypothesis>,
  ruledOut: RuledOutDraft[],
): RankedHypothesis[] {
  let unexplained: RankedHypothesis | undefined;
  return foldCorroborating(ranked).filter(h => {
    if (h.category !== 'insufficient_evidence') return true;
    const cause = explainedBy.get(h);
    if (cause) {
      ruledOut.push({
        ...h,
        ruledOut: `explained by ${cause.title}${
          cause.object ? ` (${cause.object})` : ''
        }`,
      });
      return false;
    }
    if (!unexplained) {
      unexplained = h;
      return true;
    }
    ruledOut.push({
      ...h,
      ruledOut: `another symptom without a visible cause, listed once as "${unexplained.title}"`,
    });
    return false;
  });
}

/**
 * A finding read from logs or metrics alone (no Kubernetes object as its subject) that names the
 * same cause for the same component as a higher-ranked finding is the same candidate seen from
 * another source: its evidence joins that finding instead of standing as a second hypothesis.
 * Findings about different objects (two ConfigMaps, two NetworkPolicies) stay distinct.
 */
export function foldCorroborating(
  ranked: RankedHypothesis[],
): RankedHypothesis[] {
  const kept: RankedHypothesis[] = [];
  for (const h of ranked) {
    const same =
      !h.subject &&
      h.category !== 'insufficient_evidence' &&
      kept.find(k => k.category === h.category && k.entityRef === h.entityRef);
    if (same) same.evidence = [...new Set([...same.evidence, ...h.evidence])];
    else kept.push(h);
  }
  return kept;
}
