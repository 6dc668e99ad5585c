import type { NextStep, RootCauseLabel } from '@internal/plugin-rca-common';
import type { HypothesisDraft } from '../contracts';
import type { RuleDraft } from './family';
import { insufficientEvidenceSteps } from './families/unexplained';
import { RULE_FAMILIES } from './registry';
import type { StepContext, StepsFor } from './steps';

export type { StepContext } from './steps';

const STEPS = new Map<string, StepsFor | undefined>(
  RULE_FAMILIES.flatMap(f => Object.entries(f.nextSteps)),
);

/**
 * Concrete next steps for a label, from the family that owns it; commands are exact where the
 * object is known. A label no family owns gets the `insufficient_evidence` steps.
 */
export function nextStepsFor(
  label: RootCauseLabel,
  c: StepContext,
): NextStep[] {
  return (STEPS.get(label) ?? insufficientEvidenceSteps)(c);
}

/** A rule's draft with the next steps of its label. */
export function withNextSteps({ steps, ...draft }: RuleDraft): HypothesisDraft {
  return { ...draft, nextSteps: nextStepsFor(draft.category, steps) };
}
