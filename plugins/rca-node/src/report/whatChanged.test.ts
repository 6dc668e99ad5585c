import type { RcaReport } from '@internal/plugin-rca-common';
import { whatChangedSection } from './whatChanged';

const hostile =
  '<img src=x onerror=alert(1)> [x](javascript:y) | col\n# heading';

const withChanges = (changes: RcaReport['changes']) =>
  ({ changes } as unknown as RcaReport);

describe('whatChangedSection', () => {
  it('lists the changes in the order given (newest first), marks the one that lines up and escapes what writers control', () => {
    const lines = whatChangedSection(
      withChanges([
        {
          at: '2026-11-23T09:52:00.000Z',
          cluster: 'prod',
          entityRef: 'component:default/checkout',
          object: 'NetworkPolicy shop/checkout-egress',
          what: 'edited (spec.egress)',
          who: `argocd-controller (Apply); change-cause: ${hostile}`,
          evidence: 'E3',
          aligned: true,
        },
        {
          at: '2026-11-23T09:40:00.000Z',
          cluster: 'prod',
          entityRef: 'component:default/checkout',
          object: 'Deployment shop/checkout',
          what: 'rollout revision 4 (ReplicaSet checkout-7d9f)',
          diff: 'checkout image a:1 → a:2',
        },
      ]),
    );
    const text = lines.join('\n');
    expect(lines[0]).toBe('## What changed');
    expect(text.indexOf('checkout-egress')).toBeLessThan(
      text.indexOf('rollout revision 4'),
    );
    expect(text).toContain(
      '**◀ lines up with the onset** edited \\(spec.egress\\)',
    );
    expect(text).not.toMatch(/\| rollout revision 4.*lines up/);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('](javascript');
    // a writer's newline or pipe cannot start a block or break the table
    expect(lines.filter(l => l.startsWith('# '))).toEqual([]);
    expect(text).toContain('\\| col');
  });

  it('says so when nothing was written, and is absent when Kubernetes was not read', () => {
    expect(whatChangedSection(withChanges([])).join('\n')).toMatch(
      /No write to the workloads/,
    );
    expect(whatChangedSection(withChanges(undefined))).toEqual([]);
  });
});
