import type { RcaReport, TimelineEntry } from '@internal/plugin-rca-common';
import { renderMermaidTimeline, shortLabel } from './mermaidTimeline';
import { renderMarkdown } from './renderMarkdown';

const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();

const entry = (
  minute: number,
  kind: TimelineEntry['kind'],
  text: string,
): TimelineEntry => ({
  at: at(minute),
  kind,
  text,
  evidence: kind === 'window' ? [] : [`E${minute}`],
});

// Twelve entries with the long generated names that ran out of Mermaid's boxes.
const timeline: TimelineEntry[] = [
  entry(0, 'window', 'Analysis window starts'),
  entry(
    3,
    'change',
    'ReplicaSet payments-prod/payments-7f9c6d8b5: rollout revision 7: payments=registry.example.com/payments:2.8.0',
  ),
  ...Array.from({ length: 9 }, (_, i) =>
    entry(
      10 + i,
      'symptom',
      `Pod payments-prod/payments-7f9c6d8b5-pod${i}x: container payments last terminated: Error exit 1, ran 0 s; message: FATAL config`,
    ),
  ),
  entry(59, 'window', 'Analysis window ends'),
];

const report = {
  window: { from: at(0), to: at(59) },
  timeline,
} as RcaReport;

/** The event lines of the diagram (period lines included), without the fence and title. */
const events = (code: string) =>
  code.split('\n').filter(l => /^\s+(\w+ )?: /.test(l));

describe('the Mermaid timeline', () => {
  it('draws at most eight entries, the window and the change kept, each at HH:MM', () => {
    const code = renderMermaidTimeline(report);
    const lines = events(code);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe('    Window : 09:00 Analysis window starts');
    expect(lines[1]).toMatch(
      /^ {4}Change : 09:03 7f9c6d8b5 rollout revision 7/,
    );
    expect(lines[7]).toBe('    Window : 09:59 Analysis window ends');
    for (const l of lines) expect(l).toMatch(/: \d\d:\d\d /);
    // Entries of one kind in a row share their period.
    expect(lines[3]).toMatch(/^ {8}: 09:11 /);
  });

  it('keeps labels short, in whole words none longer than a box', () => {
    for (const l of events(renderMermaidTimeline(report))) {
      const label = l.replace(/^.*?: \d\d:\d\d /, '');
      expect(label.length).toBeLessThanOrEqual(52);
      for (const word of label.split(' '))
        expect(word.length).toBeLessThanOrEqual(14);
    }
    expect(
      shortLabel(
        'Pod payments-prod/payments-7f9c6d8b5-4hj2m: container payments last terminated: Error exit 1, ran 0 s',
      ),
    ).toBe('4hj2m container payments last terminated');
  });

  it('is what the Markdown holds, and the footer is plain Markdown', () => {
    const markdown = renderMarkdown({
      ...report,
      id: 'x',
      title: 'T',
      entityRef: 'component:default/payments',
      generatedAt: at(59),
      status: 'complete',
      rootCause: {
        category: 'crashloop_missing_env_or_config',
        title: 'x',
        confidence: 0.5,
      },
      hypotheses: [],
      summary: 's',
      impact: 'i',
      nextSteps: [],
      evidence: [],
      evidenceOmitted: 0,
      gaps: [],
      sources: [],
      queries: [],
      generator: { version: '0.1.0', llm: { used: false } },
    });
    expect(markdown).toContain(renderMermaidTimeline(report));
    expect(markdown).toContain(
      '_Generated 2026-11-23T09:59:00.000Z by rca `0.1.0`._',
    );
    expect(markdown).not.toMatch(/<\/?sub>|\\0\.1\.0/);
  });
});
