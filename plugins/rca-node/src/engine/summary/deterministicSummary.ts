import type { Hypothesis, NextStep } from '@internal/plugin-rca-common';
import { cleanText } from '../../contracts';
import type { RankedHypothesis } from '../ranking/score';

/** The summary without an LLM: the top hypothesis, its evidence and whether a change preceded it. */
export function deterministicSummary(
  h: Hypothesis,
  r: RankedHypothesis,
  entityRef: string,
  count: number,
): string {
  if (h.category === 'no_issue_healthy')
    return `No issue found for ${entityRef} in the window: ${h.explanation}.`;
  const cites = h.evidence.length
    ? ` [${h.evidence.slice(0, 6).join(', ')}]`
    : '';
  const onset = h.onset ? `, starting ${h.onset}` : '';
  const object = h.object ? ` on ${h.object}` : '';
  return `Most likely root cause of the ${entityRef} incident: ${h.title} (${
    h.category
  }, confidence ${h.confidence.toFixed(2)})${object}${onset}. ${
    h.explanation
  }.${cites}${
    r.change ? ' It lines up with a change just before the onset.' : ''
  }${
    count > 1
      ? ` ${count - 1} other hypotheses were considered and ranked lower.`
      : ''
  }`;
}

/** The next steps of the top hypotheses, bounded and without repeats. */
export function deterministicSteps(ranked: RankedHypothesis[]): NextStep[] {
  return dedupeSteps(ranked.slice(0, 3).flatMap(h => h.nextSteps)).slice(0, 8);
}

function dedupeSteps(steps: NextStep[]): NextStep[] {
  const seen = new Set<string>();
  return steps
    .map(s => ({
      text: cleanText(s.text, 600),
      ...(s.command ? { command: cleanText(s.command, 400) } : {}),
    }))
    .filter(s => {
      const key = `${s.text}|${s.command ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
