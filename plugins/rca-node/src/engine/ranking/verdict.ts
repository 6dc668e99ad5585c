import type { HypothesisDraft } from '../../contracts';
import { nextStepsFor, UNEXPLAINED_SPECIFICITY } from '../../rules';
import type { RankedHypothesis } from './score';

/**
 * When nothing explains the symptoms: "healthy", or "insufficient evidence" when some source could
 * not be read. Undefined when a finding (noise aside) exists.
 */
export function verdictWithoutFindings(
  ranked: RankedHypothesis[],
  gaps: string[],
  /** The component's workloads that were read, named in the "healthy" verdict. */
  checked: string[] = [],
): RankedHypothesis | undefined {
  const relevant = ranked.filter(h => h.scope !== 'namespace');
  const nothing =
    !relevant.length ||
    relevant.every(
      h =>
        h.symptom &&
        h.category === 'insufficient_evidence' &&
        h.scope === 'dependency',
    );
  if (!nothing) return undefined;
  const verdict: HypothesisDraft = gaps.length
    ? {
        category: 'insufficient_evidence',
        title: 'No cause found, and some sources could not be read',
        explanation: `Nothing wrong was observed, but the analysis could not see everything: ${gaps.join(
          '; ',
        )}`,
        level: 3,
        scope: 'target',
        evidence: [],
        specificity: UNEXPLAINED_SPECIFICITY.verdictSourcesMissing,
        nextSteps: nextStepsFor('insufficient_evidence', {}),
      }
    : {
        category: 'no_issue_healthy',
        title: 'No issue found in the window',
        explanation: checked.length
          ? `Every workload of the component (${checked.join(
              ', ',
            )}) is running and ready or has completed, with no warning events in the window`
          : 'Every workload of the component is running and ready, with no warning events in the window',
        level: 3,
        scope: 'target',
        evidence: [],
        specificity: UNEXPLAINED_SPECIFICITY.verdictHealthy,
        nextSteps: nextStepsFor('no_issue_healthy', {}),
      };
  return { ...verdict, score: 0.7, confidence: 0 };
}
