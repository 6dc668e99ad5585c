import { analyzeScenario } from '../../__testUtils__/harness';
import { entity, event, NS, scenarioOf } from '../../__testUtils__/kit';

// A StatefulSet whose pod a LimitRange refuses, read through the stand-in and the real client.

const labels = { 'backstage.io/kubernetes-id': 'agent', app: 'agent' };

const limitRange = (name: string, limits: object[]) => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name, namespace: NS },
  spec: { limits },
});

describe('quota: LimitRange refusals', () => {
  it('names the LimitRange whose bound refused the pod, and how to inspect it', async () => {
    const objects = [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'agent', namespace: NS, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels } },
        },
        status: { replicas: 0, readyReplicas: 0 },
      },
      event(
        'StatefulSet',
        'agent',
        'FailedCreate',
        'create Pod agent-0 in StatefulSet agent failed error: pods "agent-0" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi',
      ),
      limitRange('container-memory', [
        { type: 'Container', max: { memory: '1Gi' } },
      ]),
      limitRange('pvc-size', [
        { type: 'PersistentVolumeClaim', max: { storage: '10Gi' } },
      ]),
    ];
    const scenario = scenarioOf({
      name: 'agent',
      expected: 'resource_quota_exceeded',
      entities: [entity('agent')],
      objects: objects as never,
    });
    const { report } = await analyzeScenario({
      scenario,
      entities: [entity('agent')],
    });
    const top = report.hypotheses[0];
    expect(top.category).toBe('resource_quota_exceeded');
    expect(top.title).toBe('Pods refused by a LimitRange');
    expect(top.explanation).toContain(`LimitRange ${NS}/container-memory`);
    expect(top.explanation).not.toContain('pvc-size');
    const cited = report.evidence.filter(e => top.evidence.includes(e.id));
    expect(cited).toContainEqual(
      expect.objectContaining({
        object: `LimitRange ${NS}/container-memory`,
        text: 'Container max memory=1Gi',
      }),
    );
    expect(report.nextSteps.map(s => s.command)).toContainEqual(
      expect.stringContaining('describe limitrange'),
    );
  });
});
