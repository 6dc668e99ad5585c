import type { Hypothesis } from '@internal/plugin-rca-common';
import { cleanText } from '../../contracts';
import type { RankedHypothesis } from '../ranking/score';

/** A ranked hypothesis as the report shows it: texts bounded, ledger keys turned into evidence ids. */
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
    ...(h.chain ? { chain: h.chain.map(link => cleanText(link, 300)) } : {}),
  };
}
