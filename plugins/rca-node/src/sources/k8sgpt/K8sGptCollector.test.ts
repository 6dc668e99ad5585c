import { KubernetesStandIn } from '@internal/k8s-standin';
import {
  deployment,
  entity,
  NS,
  pod,
  scenarioOf,
} from '../../__testUtils__/kit';
import { analyzeScenario } from '../../__testUtils__/harness';

const result = (
  name: string,
  labels: Record<string, string>,
  spec: object,
) => ({
  apiVersion: 'core.k8sgpt.ai/v1alpha1',
  kind: 'Result',
  metadata: { name, namespace: 'k8sgpt-operator-system', labels },
  spec: {
    backend: 'openai',
    autoRemediationStatus: { phase: 0 },
    details: '',
    ...spec,
  },
});

const A = 'checkout';
const k8s = new KubernetesStandIn({ clusters: {} });
beforeAll(() => k8s.start());
afterAll(() => k8s.stop());

const scenario = scenarioOf({
  name: 'k8sgpt',
  expected: 'image_tag_not_found',
  entities: [entity(A)],
  objects: [
    ...deployment(A),
    pod(A),
    // Results are served only where the k8sgpt-operator CRD is installed.
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'results.core.k8sgpt.ai' },
    },
    result(
      'shopcheckoutrs1a1b2c',
      { 'backstage.io/kubernetes-id': A },
      {
        kind: 'Pod',
        name: `${NS}/${A}-rs1-a1b2c`,
        parentObject: `Deployment/${A}`,
        error: [
          {
            text: 'Back-off pulling image "registry.internal.example.com/checkout:9.9.9": manifest unknown',
            sensitive: [
              {
                unmasked: 'registry.internal.example.com',
                masked: 'cmVnaXN0cnk=',
              },
            ],
          },
        ],
      },
    ),
    result(
      'otherbilling',
      { 'backstage.io/kubernetes-id': 'billing' },
      {
        kind: 'Pod',
        name: `${NS}/billing-0`,
        parentObject: 'Deployment/billing',
        error: [
          { text: 'the last termination reason is OOMKilled', sensitive: [] },
        ],
      },
    ),
  ],
});

describe('K8sGptCollector', () => {
  it('adds the Results of the entity, masked, as evidence and corroborating hypotheses', async () => {
    k8s.load(scenario);
    const { report } = await analyzeScenario({
      scenario,
      entities: [entity(A)],
      standIn: k8s,
      k8sgpt: true,
    });
    const items = report.evidence.filter(e => e.source === 'k8sgpt');
    expect(items).toHaveLength(1);
    expect(items[0].text).toContain('manifest unknown');
    expect(items[0].text).toContain('cmVnaXN0cnk=');
    expect(JSON.stringify(report)).not.toContain(
      'registry.internal.example.com',
    );
    const h = report.hypotheses.find(
      x => x.category === 'image_tag_not_found',
    )!;
    expect(h.evidence).toContain(items[0].id);
    expect(report.sources.find(s => s.name === 'k8sgpt')?.status).toBe('ok');
  });

  it('reports a cluster without the k8sgpt CRD as a gap, not a failure of the run', async () => {
    k8s.load({
      ...scenario,
      clusters: {
        prod: {
          ...scenario.clusters.prod,
          faults: { missingResources: ['results'] },
        },
      },
    });
    const { report } = await analyzeScenario({
      scenario,
      entities: [entity(A)],
      standIn: k8s,
      k8sgpt: true,
    });
    expect(report.status).toBe('degraded');
    expect(report.gaps.join('\n')).toMatch(
      /k8sgpt Results in cluster prod could not be read: the k8sgpt-operator CRD is not installed \(404\)/,
    );
    // Nothing is wrong, but the analysis could not see everything: it says so.
    expect(report.rootCause.category).toBe('insufficient_evidence');
  });
});
