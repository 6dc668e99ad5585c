import type { RcaReport } from '@internal/plugin-rca-common';
import { escapeMermaid } from './escape';

const hhmm = (iso: string) => iso.slice(11, 16).replace(':', '.');

/** The timeline as a Mermaid `timeline`: one period per minute, labels reduced to a safe set. */
export function renderMermaidTimeline(
  report: RcaReport,
  maxEntries = 14,
): string {
  const lines = [
    '```mermaid',
    'timeline',
    `    title ${escapeMermaid(
      `Timeline ${report.window.from.slice(0, 10)} (UTC)`,
    )}`,
  ];
  const entries = report.timeline.slice(0, maxEntries);
  let previous = '';
  for (const e of entries) {
    const period = hhmm(e.at);
    const label = escapeMermaid(
      `${e.text}${e.evidence.length ? ` ${e.evidence.join(' ')}` : ''}`,
    );
    lines.push(
      period === previous ? `        : ${label}` : `    ${period} : ${label}`,
    );
    previous = period;
  }
  lines.push('```');
  return lines.join('\n');
}
