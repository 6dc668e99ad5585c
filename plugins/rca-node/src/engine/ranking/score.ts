import type { HypothesisDraft } from '../../contracts';

export interface RankedHypothesis extends HypothesisDraft {
  score: number;
  confidence: number;
  /** The causal chain this hypothesis starts, cause first, when it explains others. */
  chain?: string[];
}

/** The onsets of the candidates (noise aside): earlier in this spread is likelier a cause. */
export interface OnsetSpread {
  earliest?: number;
  latest?: number;
}

const SCOPE_WEIGHT = { target: 0.16, dependency: 0.06, namespace: -0.45 };

export function onsetSpread(drafts: HypothesisDraft[]): OnsetSpread {
  const onsets = drafts
    .filter(d => d.scope !== 'namespace' && d.onset)
    .map(d => Date.parse(d.onset!));
  return onsets.length
    ? { earliest: Math.min(...onsets), latest: Math.max(...onsets) }
    : {};
}

export function score(d: HypothesisDraft, spread: OnsetSpread): number {
  const { earliest, latest } = spread;
  let s =
    0.5 * d.specificity +
    0.12 * (1 - Math.min(d.level, 3) / 3) +
    SCOPE_WEIGHT[d.scope];
  if (d.change) s += 0.12;
  if (d.symptom) s -= 0.15;
  if (
    d.onset &&
    earliest !== undefined &&
    latest !== undefined &&
    latest > earliest
  ) {
    // Earlier onsets are likelier causes; the spread is normalised over the candidates.
    // Clamped: noise (not in the spread) may start before every candidate.
    const position = (Date.parse(d.onset) - earliest) / (latest - earliest);
    s += 0.08 * (1 - Math.min(1, Math.max(0, position)));
  } else if (d.onset) {
    s += 0.08;
  }
  return s;
}

export function scored(
  d: HypothesisDraft,
  spread: OnsetSpread,
  bonus = 0,
): RankedHypothesis {
  return { ...d, score: score(d, spread) + bonus, confidence: 0 };
}
