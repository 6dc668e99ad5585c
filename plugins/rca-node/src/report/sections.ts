import type { RcaReport } from '@internal/plugin-rca-common';
import { causalSections } from './causalSections';
import { escapeCode, escapeMarkdown } from './escape';
import { renderMermaidTimeline } from './mermaidTimeline';

// The sections of the Markdown report, in order; each returns its lines, blank separators included.

const cite = (ids: string[]) => (ids.length ? ` [${ids.join(', ')}]` : '');

const PERIOD_LABEL = {
  baseline: 'baseline, before the window',
  after: 'after the window',
} as const;

export function headerSection(report: RcaReport): string[] {
  const out = [`# ${escapeMarkdown(report.title, 200)}`, ''];
  out.push(
    `**Component:** \`${escapeCode(report.entityRef)}\` · **Window:** ${
      report.window.from
    } → ${report.window.to} · **Status:** ${report.status}${
      report.generator.llm.used
        ? ` · **Summary by:** ${escapeMarkdown(
            report.generator.llm.model ?? 'LLM',
          )}`
        : ''
    }`,
    '',
  );
  if (report.status === 'degraded') {
    out.push(
      `> **Degraded report:** ${report.gaps.length} evidence gap(s), listed under [Evidence gaps](#evidence-gaps).`,
      '',
    );
  }
  if (report.notes)
    out.push(
      '**Notes from the requester:**',
      '',
      `> ${escapeMarkdown(report.notes, 5000)}`,
      '',
    );
  return out;
}

export function summarySection(report: RcaReport): string[] {
  const out = ['## Summary', '', escapeMarkdown(report.summary, 4000), ''];
  if (report.generator.llm.fallbackReason) {
    out.push(
      `_The LLM summary was not used (${escapeMarkdown(
        report.generator.llm.fallbackReason,
        300,
      )}); this summary is deterministic._`,
      '',
    );
  }
  out.push('## Impact', '', escapeMarkdown(report.impact, 2000), '');
  return out;
}

export function rootCauseSection(report: RcaReport): string[] {
  const out = ['## Root cause', ''];
  out.push(
    `**${escapeMarkdown(report.rootCause.title)}** — \`${
      report.rootCause.category
    }\`, confidence ${report.rootCause.confidence.toFixed(2)}`,
    '',
  );
  out.push(
    '| # | Hypothesis | Category | Confidence | Object | Onset | Evidence |',
    '|---|---|---|---|---|---|---|',
  );
  for (const h of report.hypotheses) {
    out.push(
      `| ${h.rank} | ${escapeMarkdown(h.title, 200)} | \`${
        h.category
      }\` | ${h.confidence.toFixed(2)} | ${escapeMarkdown(
        h.object ?? '—',
        200,
      )} | ${h.onset ?? '—'} | ${h.evidence.join(', ') || '—'} |`,
    );
  }
  out.push('');
  for (const h of report.hypotheses.slice(0, 5)) {
    out.push(
      `${h.rank}. **${escapeMarkdown(h.title, 200)}**: ${escapeMarkdown(
        h.explanation,
        1500,
      )}${cite(h.evidence)}`,
    );
  }
  out.push('', ...causalSections(report));
  return out;
}

export function timelineSection(report: RcaReport): string[] {
  const out = ['## Timeline', ''];
  if (report.timeline.length) {
    out.push(renderMermaidTimeline(report), '');
    out.push('| Time (UTC) | What happened | Evidence |', '|---|---|---|');
    for (const e of report.timeline)
      out.push(
        `| ${e.at} | ${escapeMarkdown(e.text, 400)} | ${
          e.evidence.join(', ') || '—'
        } |`,
      );
  } else {
    out.push('_No timestamped evidence in the window._');
  }
  out.push('');
  return out;
}

export function evidenceSection(report: RcaReport): string[] {
  const out = ['## Evidence', ''];
  if (!report.evidence.length) {
    out.push('_No evidence collected._', '');
    return out;
  }
  out.push(
    '| Id | Source | Object | Field | Observation | Time |',
    '|---|---|---|---|---|---|',
  );
  for (const e of report.evidence) {
    out.push(
      `| ${e.id} | ${escapeMarkdown(
        e.source + (e.cluster ? ` (${e.cluster})` : ''),
        100,
      )} | ${escapeMarkdown(e.object, 200)} | ${
        e.field ? `\`${escapeCode(e.field, 200)}\`` : '—'
      } | ${escapeMarkdown(e.text, 700)} | ${e.timestamp ?? '—'}${
        e.period ? ` (${PERIOD_LABEL[e.period]})` : ''
      } |`,
    );
  }
  if (report.evidenceOmitted)
    out.push(
      '',
      `_${report.evidenceOmitted} further uncited evidence items omitted._`,
    );
  out.push('');
  return out;
}

export function gapsSection(report: RcaReport): string[] {
  const out = ['## Evidence gaps', ''];
  out.push(
    ...(report.gaps.length
      ? report.gaps.map(g => `- ${escapeMarkdown(g, 600)}`)
      : ['_None: every source answered._']),
  );
  out.push('');
  if (report.statedFacts?.length)
    out.push(
      '**Stated facts** (absent for a known reason, not gaps):',
      '',
      ...report.statedFacts.map(f => `- ${escapeMarkdown(f, 600)}`),
      '',
    );
  out.push('| Source | Status | Detail |', '|---|---|---|');
  for (const s of report.sources)
    out.push(
      `| ${escapeMarkdown(s.name)} | ${s.status} | ${
        escapeMarkdown(s.error ?? '', 300) || '—'
      } |`,
    );
  out.push('');
  return out;
}

export function nextStepsSection(report: RcaReport): string[] {
  const out = ['## Next steps', ''];
  report.nextSteps.forEach((s, i) => {
    out.push(`${i + 1}. ${escapeMarkdown(s.text, 600)}`);
    if (s.command)
      out.push(
        '',
        '   ```sh',
        `   ${escapeCode(s.command, 400)}`,
        '   ```',
        '',
      );
  });
  out.push('');
  return out;
}

export function queriesSection(report: RcaReport): string[] {
  return [
    '## Queries used',
    '',
    ...(report.queries.length
      ? report.queries.map(q => `- \`${escapeCode(q, 400)}\``)
      : ['_None._']),
    '',
    // Plain Markdown: GitHub, GitLab and the Backstage page show it alike, no HTML to leak.
    `_Generated ${escapeMarkdown(report.generatedAt, 40)} by rca \`${escapeCode(
      report.generator.version,
      40,
    )}\`._`,
    '',
  ];
}
