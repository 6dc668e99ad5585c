import { resolve } from 'node:path';
import { loadScenarioFile } from '@internal/k8s-standin';
import { reportSchema } from '@internal/plugin-rca-common';
import { parse } from 'yaml';
import { analyzeScenario, component } from '../__testUtils__/harness';

const demo = () =>
  loadScenarioFile(
    resolve(__dirname, '../../../../examples/demo/payments-bad-rollout.yaml'),
  );

describe('RcaEngine on the demo incident', () => {
  it('names the planted cause, ties it to the rollout and rules out the namespace noise', async () => {
    const { report, markdown, progress } = await analyzeScenario({
      scenario: demo(),
      entities: [
        component('payments', {
          namespace: 'payments-prod',
          dependsOn: ['component:default/ledger'],
        }),
        component('ledger', { namespace: 'payments-prod' }),
      ],
    });
    expect(report.rootCause.category).toBe('crashloop_missing_env_or_config');
    expect(report.status).toBe('complete');
    const top = report.hypotheses[0];
    expect(top.object).toContain('Deployment payments-prod/payments');
    expect(top.explanation).toMatch(/PAYMENTS_DB_POOL_SIZE/);
    expect(top.explanation).toMatch(/rollout revision 7/);
    // every citation resolves to an evidence item
    const ids = new Set(report.evidence.map(e => e.id));
    for (const h of report.hypotheses)
      for (const id of h.evidence) expect(ids.has(id)).toBe(true);
    // other workloads' problems are not candidates: they are ruled out, with the reason
    const isNoise = (o?: string) => /fraud-batch|notifier/.test(o ?? '');
    expect(report.hypotheses.filter(h => isNoise(h.object))).toEqual([]);
    const noise = (report.ruledOut ?? []).filter(r => isNoise(r.object));
    expect(noise.length).toBeGreaterThan(0);
    for (const r of noise)
      expect(r.reason).toMatch(/not part of the analysed component/);
    const unexplained = report.hypotheses.filter(
      h => h.category === 'insufficient_evidence',
    );
    expect(unexplained.length).toBeLessThanOrEqual(1);
    // the front matter is the structured report
    const front = parse(markdown.split('\n---\n')[0].replace(/^---\n/, ''));
    expect(reportSchema.parse(front)).toEqual(report);
    expect(markdown).toContain('```mermaid\ntimeline');
    expect(markdown).toMatch(
      /kubectl -n payments-prod rollout undo deployment\/payments/,
    );
    expect(progress.some(p => p.startsWith('kubernetes: cluster demo'))).toBe(
      true,
    );
  });

  it('does not take earlier reports (dependencyOf the component) for dependencies', async () => {
    const earlier = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'rca-earlier', namespace: 'default' },
      spec: {
        type: 'rca-report',
        owner: 'group:default/payments',
        dependencyOf: ['component:default/payments'],
      },
    };
    const { report } = await analyzeScenario({
      scenario: demo(),
      entities: [
        component('payments', {
          namespace: 'payments-prod',
          // The catalog turns the report's dependencyOf into this dependsOn.
          dependsOn: [
            'component:default/ledger',
            'resource:default/rca-earlier',
          ],
        }),
        component('ledger', { namespace: 'payments-prod' }),
        earlier,
      ],
    });
    expect(report.status).toBe('complete');
    expect(report.gaps).toEqual([]);
    const deps = report.evidence.filter(e => /depends on/.test(e.text));
    expect(deps.map(e => e.text)).toEqual([
      'component:default/payments depends on component:default/ledger',
    ]);
  });
});
