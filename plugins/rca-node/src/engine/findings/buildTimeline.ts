import type { EvidenceItem, TimelineEntry } from '@internal/plugin-rca-common';
import type { RankedHypothesis } from '../ranking/score';

/** The timestamped evidence of the top three hypotheses (noise aside) between the window's bounds. */
export function buildTimeline(
  ranked: RankedHypothesis[],
  evidence: EvidenceItem[],
  ids: Map<string, string>,
  window: { from: string; to: string },
): TimelineEntry[] {
  const byId = new Map(evidence.map(e => [e.id, e]));
  const changes = new Set(
    ranked.map(h => h.change && ids.get(h.change)).filter(Boolean),
  );
  const entries: TimelineEntry[] = [];
  const seen = new Set<string>();
  for (const h of ranked.filter(x => x.scope !== 'namespace').slice(0, 3)) {
    for (const key of h.evidence) {
      const id = ids.get(key);
      const e = id ? byId.get(id) : undefined;
      if (!e?.timestamp || seen.has(e.id)) continue;
      seen.add(e.id);
      entries.push({
        at: e.timestamp,
        text: `${e.object}: ${e.text}`.slice(0, 300),
        evidence: [e.id],
        kind: timelineKind(changes.has(e.id), e.severity),
      });
    }
  }
  entries.push({
    at: window.from,
    text: 'Analysis window starts',
    evidence: [],
    kind: 'window',
  });
  entries.push({
    at: window.to,
    text: 'Analysis window ends',
    evidence: [],
    kind: 'window',
  });
  return entries.sort((a, b) => a.at.localeCompare(b.at)).slice(0, 30);
}

function timelineKind(
  isChange: boolean,
  severity: string,
): TimelineEntry['kind'] {
  if (isChange) return 'change';
  return severity === 'info' ? 'signal' : 'symptom';
}
