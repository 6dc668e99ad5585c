import {
  type Analyzer,
  type HypothesisDraft,
  type RcaTarget,
  redactSecrets,
} from '../../contracts';
import type { RunContext } from '../RunContext';

/** Every analyzer over the collected evidence; one that throws becomes a gap, not a failed run. */
export function analyze(
  run: RunContext,
  analyzers: Analyzer[],
  targets: RcaTarget[],
): HypothesisDraft[] {
  run.progress('analysis', `Analysing ${run.evidence.size} evidence items`);
  const { input, evidence, facts } = run;
  const drafts: HypothesisDraft[] = [];
  for (const analyzer of analyzers) {
    try {
      drafts.push(...analyzer.analyze({ input, targets, evidence, facts }));
    } catch (e) {
      run.gap(
        `analyzer ${analyzer.name} failed: ${redactSecrets(
          (e as Error)?.message ?? String(e),
        )}`,
      );
    }
  }
  return drafts;
}
