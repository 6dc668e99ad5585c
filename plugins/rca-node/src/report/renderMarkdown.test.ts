import {
  parseReportMarkdown,
  type RcaReport,
} from '@internal/plugin-rca-common';
import { renderMarkdown } from './renderMarkdown';

const hostile =
  'FATAL <script>alert(1)</script> [click](javascript:x) "quoted" \\ back\nnew line: `tick` ünïcødé 🚨';

const report: RcaReport = {
  id: 'rt-1',
  title: `Outage ${hostile}`.slice(0, 200),
  entityRef: 'component:default/payments',
  owner: 'group:default/team-payments',
  window: { from: '2026-11-23T09:30:00.000Z', to: '2026-11-23T10:00:00.000Z' },
  generatedAt: '2026-11-23T10:00:05.000Z',
  status: 'degraded',
  rootCause: {
    category: 'crashloop_missing_env_or_config',
    title: hostile,
    confidence: 0.5,
  },
  hypotheses: [
    {
      rank: 1,
      category: 'crashloop_missing_env_or_config',
      title: hostile,
      confidence: 0.5,
      explanation: hostile,
      evidence: ['E1'],
    },
  ],
  summary: hostile,
  impact: 'yes: no, [1, 2] {a: b} # not a comment',
  nextSteps: [{ text: 'Roll back', command: 'kubectl rollout undo deploy/x' }],
  timeline: [
    {
      at: '2026-11-23T09:40:00.000Z',
      text: hostile,
      evidence: ['E1'],
      kind: 'symptom',
    },
  ],
  evidence: [
    {
      id: 'E1',
      source: 'kubernetes',
      object: 'Pod payments-prod/p-1',
      text: hostile,
      severity: 'error',
    },
  ],
  evidenceOmitted: 0,
  gaps: ['victoriametrics: connect ECONNREFUSED 127.0.0.1:8428'],
  sources: [{ name: 'victoriametrics', status: 'failed', error: 'down' }],
  queries: ['rate(x{pod=~"p-.*"}[5m])'],
  generator: { version: '1', llm: { used: false } },
};

describe('report front matter', () => {
  it('parses back to exactly the report that was rendered, hostile strings included', () => {
    const markdown = renderMarkdown(report);
    const { report: parsed, body } = parseReportMarkdown(markdown);
    expect(parsed).toEqual(report);
    // The body starts with the title heading; the front matter is gone from it.
    expect(body.trimStart().startsWith('# ')).toBe(true);
    expect(body).not.toContain('generatedAt:');
    // The front matter itself stays inert for renderers that show it: no raw angle brackets.
    const frontMatter = markdown.slice(0, markdown.indexOf('\n---\n', 4));
    expect(frontMatter).not.toMatch(/<script>/);
  });
});
