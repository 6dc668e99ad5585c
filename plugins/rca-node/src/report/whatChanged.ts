import type { RcaReport } from '@internal/plugin-rca-common';
import { escapeMarkdown } from './escape';

/**
 * "What changed": every write in the lookback to what can change the component's behaviour,
 * newest first, the one that lines up with an onset marked. Absent when Kubernetes was not read.
 */
export function whatChangedSection(report: RcaReport): string[] {
  const changes = report.changes;
  if (!changes) return [];
  const out = ['## What changed', ''];
  if (!changes.length) {
    out.push(
      '_No write to the workloads or what they depend on in the lookback._',
      '',
    );
    return out;
  }
  out.push(
    '| Time (UTC) | Object | Change | By | Diff | Evidence |',
    '|---|---|---|---|---|---|',
  );
  for (const c of changes) {
    const mark = c.aligned ? '**◀ lines up with the onset** ' : '';
    out.push(
      `| ${c.at} | ${escapeMarkdown(c.object, 200)} (${escapeMarkdown(
        c.cluster,
        100,
      )}) | ${mark}${escapeMarkdown(c.what, 200)} | ${escapeMarkdown(
        c.who ?? '—',
        200,
      )} | ${escapeMarkdown(c.diff ?? '—', 400)} | ${c.evidence ?? '—'} |`,
    );
  }
  out.push('');
  return out;
}
