import type { RcaReport } from '@internal/plugin-rca-common';
import { causalSections } from './causalSections';

const base = {
  hypotheses: [
    {
      rank: 1,
      category: 'pvc_disk_full',
      title: 'Volume full',
      confidence: 0.9,
      explanation: '',
      evidence: ['E1'],
      chain: [
        'Volume full (PVC data-db-0)',
        'Pods never become Ready: <b>x</b>',
      ],
    },
  ],
  ruledOut: [
    {
      category: 'oom_killed_limit_too_low',
      title: 'Container OOM-killed',
      object: 'Deployment shop/db',
      reason: 'ended at 2026-01-01T00:00:00Z, before the window',
      evidence: ['E2'],
    },
  ],
} as unknown as RcaReport;

describe('causalSections', () => {
  it('shows each chain cause first and every finding ruled out with its reason, escaped', () => {
    const text = causalSections(base).join('\n');
    expect(text).toContain('### Causal chain');
    // Markdown punctuation and HTML in finding texts are escaped.
    expect(text).toContain(
      '- Volume full \\(PVC data-db-0\\) → Pods never become Ready: &lt;b&gt;x&lt;/b&gt;',
    );
    expect(text).not.toContain('<b>');
    expect(text).toContain('### Ruled out');
    expect(text).toContain(
      '- **Container OOM-killed** (`oom_killed_limit_too_low`, Deployment shop/db): ended at 2026-01-01T00:00:00Z, before the window [E2]',
    );
  });

  it('adds nothing when there is neither', () => {
    expect(causalSections({ hypotheses: [] } as unknown as RcaReport)).toEqual(
      [],
    );
  });
});
