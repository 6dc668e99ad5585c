import type { RcaReport, TimelineEntry } from '@internal/plugin-rca-common';
import { escapeMermaid } from './escape';

/** Entries drawn at most; the table under the diagram lists them all, with their full text. */
const MAX_ENTRIES = 8;
/** Mermaid's timeline boxes are ~150 px wide: longer words (pod names) would run out of them. */
const MAX_WORD = 14;
const MAX_LABEL = 40;

const PERIOD: Record<TimelineEntry['kind'], string> = {
  window: 'Window',
  change: 'Change',
  symptom: 'Symptom',
  signal: 'Signal',
};

/** `HH:MM` with a colon: Mermaid allows one in an event's text, never in a period's. */
const hhmm = (iso: string) => iso.slice(11, 16);

/**
 * A label that fits a box: the object's short name and the head of the observation, long words
 * cut. e.g. `Pod ns/payments-7f9c6d8b5-4hj2m: container payments last terminated: Error exit 1`
 * gives `4hj2m container payments last terminated` (40 characters at most).
 */
export function shortLabel(text: string): string {
  const split = text.indexOf(': ');
  const object = split > 0 ? text.slice(0, split) : '';
  const observation = split > 0 ? text.slice(split + 2) : text;
  const name =
    object
      .replace(/\s*\(.*?\)/g, '')
      .split(/[\s/]/)
      .filter(Boolean)
      .pop() ?? '';
  // The distinctive tail of a generated name (pod hash), or the name itself.
  const short = name.length > MAX_WORD ? name.split('-').pop() ?? '' : name;
  const head = observation.split(/; | \(|\. /)[0];
  const words = `${short} ${head}`
    .replace(/["'`]|: /g, ' ')
    .replace(/=/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(w => escapeMermaid(w.slice(0, MAX_WORD)))
    .filter(Boolean);
  // Whole words only: a label cut mid-word reads as a typo.
  let label = words[0] ?? '';
  for (const w of words.slice(1)) {
    if (label.length + 1 + w.length > MAX_LABEL) break;
    label += ` ${w}`;
  }
  return label || escapeMermaid(text, MAX_WORD);
}

/** The window's bounds, the changes, then the earliest other entries, up to `max`, in time order. */
export function pickEntries(
  timeline: TimelineEntry[],
  max = MAX_ENTRIES,
): TimelineEntry[] {
  const order = (e: TimelineEntry) =>
    ({ window: 0, change: 1, symptom: 2, signal: 3 }[e.kind]);
  const chosen = new Set(
    [...timeline]
      .map((e, i) => ({ e, i }))
      .sort((a, b) => order(a.e) - order(b.e) || a.i - b.i)
      .slice(0, max)
      .map(x => x.e),
  );
  return timeline.filter(e => chosen.has(e));
}

/**
 * The timeline as a Mermaid `timeline` readable on GitHub and GitLab: at most eight entries under
 * their kind (Change, Symptom…), each `HH:MM short label` with its evidence ids.
 */
export function renderMermaidTimeline(
  report: RcaReport,
  maxEntries = MAX_ENTRIES,
): string {
  const lines = [
    '```mermaid',
    'timeline',
    `    title ${escapeMermaid(
      `Timeline ${report.window.from.slice(0, 10)} (UTC)`,
    )}`,
  ];
  let previous = '';
  for (const e of pickEntries(report.timeline, maxEntries)) {
    const period = PERIOD[e.kind];
    const ids = e.evidence.slice(0, 2).map(id => escapeMermaid(id, 8));
    const label = `${hhmm(e.at)} ${shortLabel(e.text)}${
      ids.length ? ` (${ids.join(' ')})` : ''
    }`;
    lines.push(
      period === previous ? `        : ${label}` : `    ${period} : ${label}`,
    );
    previous = period;
  }
  lines.push('```');
  return lines.join('\n');
}
