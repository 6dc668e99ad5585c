import type { Hypothesis } from '@internal/plugin-rca-common';
import { nextStepsFor } from '../rules/nextSteps';
import { cleanText } from '../contracts/redactSecrets';
import type { HypothesisDraft, RcaTarget } from '../contracts';

export interface RankedHypothesis extends HypothesisDraft {
  score: number;
  confidence: number;
}

const SCOPE_WEIGHT = { target: 0.16, dependency: 0.06, namespace: -0.45 };

function score(
  d: HypothesisDraft,
  earliestOnset: number | undefined,
  latestOnset: number | undefined,
): number {
  let s =
    0.5 * d.specificity +
    0.12 * (1 - Math.min(d.level, 3) / 3) +
    SCOPE_WEIGHT[d.scope];
  if (d.change) s += 0.12;
  if (d.symptom) s -= 0.15;
  if (
    d.onset &&
    earliestOnset !== undefined &&
    latestOnset !== undefined &&
    latestOnset > earliestOnset
  ) {
    // Earlier onsets are likelier causes; the spread is normalised over the candidates.
    // Clamped: noise (not in the spread) may start before every candidate.
    const position =
      (Date.parse(d.onset) - earliestOnset) / (latestOnset - earliestOnset);
    s += 0.08 * (1 - Math.min(1, Math.max(0, position)));
  } else if (d.onset) {
    s += 0.08;
  }
  return s;
}

function bestOf(list: RankedHypothesis[]) {
  return list.sort((a, b) => b.score - a.score)[0];
}

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
  const onsets = drafts
    .filter(d => d.scope !== 'namespace' && d.onset)
    .map(d => Date.parse(d.onset!));
  const lo = onsets.length ? Math.min(...onsets) : undefined;
  const hi = onsets.length ? Math.max(...onsets) : undefined;
  let ranked: RankedHypothesis[] = drafts.map(d => ({
    ...d,
    score: score(d, lo, hi),
    confidence: 0,
  }));

  // Blame the dependency when the entity only shows symptoms, or a dependency-shaped crash.
  const own = bestOf(ranked.filter(h => h.scope === 'target'));
  const dep = bestOf(
    ranked.filter(h => h.scope === 'dependency' && !h.symptom),
  );
  const ownIsVictim =
    !own ||
    own.symptom ||
    [
      'app_crash_dependency_unreachable',
      'readiness_probe_failing',
      'dns_resolution_failure',
      'insufficient_evidence',
    ].includes(own.category);
  const depFirst =
    dep &&
    (!own?.onset ||
      !dep.onset ||
      Date.parse(dep.onset) <= Date.parse(own.onset) + 5 * 60_000);
  if (dep && ownIsVictim && depFirst) {
    const edge = options.targets.find(
      t => t.entityRef === dep.entityRef,
    )?.edgeEvidence;
    const upstream: HypothesisDraft = {
      category: 'upstream_dependency_failure',
      title: `Dependency ${dep.entityRef} is failing: ${dep.title}`,
      explanation: `${options.targets[0]?.entityRef} depends on ${
        dep.entityRef
      }, which shows ${dep.category} (${dep.explanation})${
        own
          ? `; ${options.targets[0]?.entityRef} itself only shows ${own.category}`
          : ''
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
      specificity: own ? 0.9 : 0.6,
      change: dep.change,
      nextSteps: [
        ...nextStepsFor('upstream_dependency_failure', {
          detail: `${dep.entityRef}: ${dep.title}`,
        }),
        ...dep.nextSteps,
      ],
    };
    ranked.push({
      ...upstream,
      score: score(upstream, lo, hi) + 0.1,
      confidence: 0,
    });
  }

  const relevant = ranked.filter(h => h.scope !== 'namespace');
  if (
    !relevant.length ||
    relevant.every(
      h =>
        h.symptom &&
        h.category === 'insufficient_evidence' &&
        h.scope === 'dependency',
    )
  ) {
    const verdict: HypothesisDraft = options.gaps.length
      ? {
          category: 'insufficient_evidence',
          title: 'No cause found, and some sources could not be read',
          explanation: `Nothing wrong was observed, but the analysis could not see everything: ${options.gaps.join(
            '; ',
          )}`,
          level: 3,
          scope: 'target',
          evidence: [],
          specificity: 0.5,
          nextSteps: nextStepsFor('insufficient_evidence', {}),
        }
      : {
          category: 'no_issue_healthy',
          title: 'No issue found in the window',
          explanation:
            'Every workload of the component is running and ready, with no warning events in the window',
          level: 3,
          scope: 'target',
          evidence: [],
          specificity: 0.8,
          nextSteps: nextStepsFor('no_issue_healthy', {}),
        };
    ranked.push({ ...verdict, score: 0.7, confidence: 0 });
  }

  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.category.localeCompare(b.category) ||
      (a.object ?? '').localeCompare(b.object ?? ''),
  );
  // Keep the list readable: at most three noise entries.
  let noise = 0;
  ranked = ranked
    .filter(h => h.scope !== 'namespace' || ++noise <= 3)
    .slice(0, 10);
  const degrade = options.gaps.length ? 0.85 : 1;
  for (const h of ranked) {
    const cap = h.symptom ? 0.5 : 0.97;
    h.confidence =
      Math.round(Math.max(0.05, Math.min(cap, h.score)) * degrade * 100) / 100;
  }
  return ranked;
}

export function toHypothesis(
  h: RankedHypothesis,
  rank: number,
  ids: Map<string, string>,
): Hypothesis {
  return {
    rank,
    category: h.category,
    title: cleanText(h.title, 300),
    confidence: h.confidence,
    object: h.object && cleanText(h.object, 300),
    onset: h.onset,
    explanation: cleanText(h.explanation),
    evidence: [
      ...new Set(
        h.evidence.map(k => ids.get(k)).filter((id): id is string => !!id),
      ),
    ],
  };
}
