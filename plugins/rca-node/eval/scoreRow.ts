import { NOISE_OBJECTS } from '../src/__testUtils__/kit';
import type { BlindResult } from './blind/evaluateBlind';
import type { BlindScenario } from './blind/types';
import type { EvalResult } from './evaluate';
import type { K8sgptRanking } from './k8sgpt/k8sgptBaseline';
import type { Flag } from './k8sgpt/flags';

/** One scenario's outcome for one ranker (the engine now, the engine before, the k8sgpt-style baseline). */
export interface Outcome {
  first: string;
  top1: boolean;
  top3: boolean;
  distractor?: string;
  needlesFound: number;
  needles: number;
}

export interface Row {
  set: 'existing' | 'blind';
  name: string;
  expected: string;
  after: Outcome;
  k8sgpt: Outcome;
  k8sgptFlags?: Flag[];
  error?: string;
}

function k8sgptOutcome(
  k: K8sgptRanking | undefined,
  expected: string,
  planted: string[],
  needles: string[],
): Outcome {
  const ranked = k?.ranked ?? [];
  const wrong = ranked[0] !== expected;
  const text = (k?.flags ?? []).map(f => `${f.name} ${f.text}`).join('\n');
  return {
    first: ranked[0] ?? '-',
    top1: !wrong,
    top3: (ranked as string[]).slice(0, 3).includes(expected),
    distractor: wrong
      ? planted.find(p => k?.first?.name.includes(p))
      : undefined,
    needlesFound: needles.filter(n => text.includes(n)).length,
    needles: needles.length,
  };
}

export function existingRow(r: EvalResult): Row {
  return {
    set: 'existing',
    name: r.name,
    expected: r.expected,
    after: {
      first: r.ranked[0] ?? '-',
      top1: r.top1,
      top3: r.top3,
      distractor: r.distractorFirst ? 'noise' : undefined,
      needlesFound: 0,
      needles: 0,
    },
    k8sgpt: k8sgptOutcome(r.k8sgpt, r.expected, NOISE_OBJECTS, []),
    k8sgptFlags: r.k8sgpt.flags,
  };
}

export function blindRow(s: BlindScenario, r: BlindResult): Row {
  const planted = [...NOISE_OBJECTS, ...s.redHerrings.map(h => h.object)];
  return {
    set: 'blind',
    name: r.name,
    expected: r.expected,
    after: {
      first: r.ranked[0] ?? '-',
      top1: r.top1,
      top3: r.top3,
      distractor: r.distractor,
      needlesFound: r.needlesFound.length,
      needles: r.needlesFound.length + r.needlesMissed.length,
    },
    k8sgpt: k8sgptOutcome(r.k8sgpt, r.expected, planted, s.needles),
    k8sgptFlags: r.k8sgpt?.flags,
    error: r.error,
  };
}
