import type { HypothesisDraft, RcaTarget } from '../../contracts';
import { DEPENDENCY_SPECIFICITY, nextStepsFor } from '../../rules';
import { type OnsetSpread, type RankedHypothesis, scored } from './score';

/** Categories where the entity is likely the victim of something upstream. */
const VICTIM_CATEGORIES = [
  'app_crash_dependency_unreachable',
  'readiness_probe_failing',
  'dns_resolution_failure',
  'insufficient_evidence',
];

function bestOf(list: RankedHypothesis[]) {
  return list.sort((a, b) => b.score - a.score)[0];
}

/**
 * Blames the dependency when the entity only shows symptoms, or a dependency-shaped crash, and
 * the dependency's trouble started first: an `upstream_dependency_failure` hypothesis.
 */
export function blameDependency(
  ranked: RankedHypothesis[],
  targets: RcaTarget[],
  spread: OnsetSpread,
): RankedHypothesis | undefined {
  const own = bestOf(ranked.filter(h => h.scope === 'target'));
  const dep = bestOf(
    ranked.filter(h => h.scope === 'dependency' && !h.symptom),
  );
  const ownIsVictim =
    !own || own.symptom || VICTIM_CATEGORIES.includes(own.category);
  const depFirst =
    dep &&
    (!own?.onset ||
      !dep.onset ||
      Date.parse(dep.onset) <= Date.parse(own.onset) + 5 * 60_000);
  if (!(dep && ownIsVictim && depFirst)) return undefined;
  const edge = targets.find(t => t.entityRef === dep.entityRef)?.edgeEvidence;
  const root = targets[0]?.entityRef;
  const upstream: HypothesisDraft = {
    category: 'upstream_dependency_failure',
    title: `Dependency ${dep.entityRef} is failing: ${dep.title}`,
    explanation: `${root} depends on ${dep.entityRef}, which shows ${
      dep.category
    } (${dep.explanation})${
      own ? `; ${root} itself only shows ${own.category}` : ''
    }`,
    object: dep.object,
    subject: dep.subject,
    level: 0,
    scope: 'target',
    entityRef: dep.entityRef,
    onset: dep.onset,
    evidence: [
      ...(edge ? [edge] : []),
      ...dep.evidence,
      ...(own?.evidence ?? []),
    ],
    specificity: own
      ? DEPENDENCY_SPECIFICITY.upstreamWithOwnSymptoms
      : DEPENDENCY_SPECIFICITY.upstreamAlone,
    change: dep.change,
    nextSteps: [
      ...nextStepsFor('upstream_dependency_failure', {
        detail: `${dep.entityRef}: ${dep.title}`,
      }),
      ...dep.nextSteps,
    ],
  };
  return scored(upstream, spread, 0.1);
}
