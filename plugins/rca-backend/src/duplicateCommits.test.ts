import { resolve } from 'node:path';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import { simpleGit } from 'simple-git';
import request from 'supertest';
import { rcaPlugin } from './plugin';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'payments',
      'backstage.io/kubernetes-namespace': 'payments-prod',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};

describe('an incident posted again after the analyses were lost', () => {
  jest.setTimeout(120_000);
  const standIn = new KubernetesStandIn(
    loadScenarioFile(
      resolve(__dirname, '../../../examples/demo/payments-bad-rollout.yaml'),
    ),
  );
  const dir = createMockDirectory();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  /** A backend with a fresh in-memory database, committing to the same repository each time. */
  const start = async () =>
    (
      await startTestBackend({
        features: [
          rcaPlugin,
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              kubernetes: {
                serviceLocatorMethod: { type: 'multiTenant' },
                clusterLocatorMethods: [
                  {
                    type: 'config',
                    clusters: [
                      {
                        name: 'demo',
                        url: standIn.clusterUrl('demo'),
                        authProvider: 'serviceAccount',
                        serviceAccountToken: 'demo-service-account-token',
                        skipTLSVerify: true,
                      },
                    ],
                  },
                ],
              },
              rca: {
                dataDir: dir.path,
                reports: { git: { url: resolve(dir.path, 'reports.git') } },
              },
            },
          }),
          catalogServiceMock.factory({ entities: [payments] }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      })
    ).server;

  const analyse = async (server: Awaited<ReturnType<typeof start>>) => {
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({
        entityRef: 'payments',
        window: { from: '2026-11-23T09:00:00Z', to: '2026-11-23T10:00:00Z' },
        incidentKey: 'INC-42',
      })
      .expect(202);
    for (let i = 0; i < 400; i++) {
      const res = await request(server)
        .get(`/api/rca/v1/analyses/${created.body.id}`)
        .expect(200);
      if (['completed', 'failed'].includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error('analysis did not finish');
  };

  it('links the new analysis to the commit made for the incident instead of committing again', async () => {
    const first = await analyse(await start());
    const git = simpleGit(resolve(dir.path, 'reports.git'));
    expect(first.status).toBe('completed');
    expect(first.incidentKey).toMatch(/INC-42$/);
    expect(first.result.report.incidentKey).toBe(first.incidentKey);
    const head = (await git.revparse(['main'])).trim();
    expect(head).toBe(first.result.commitSha);

    // A new backend that knows nothing of the first analysis (in-memory database, as after a restart).
    const second = await analyse(await start());
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('completed');
    expect(second.result).toMatchObject({
      commitSha: first.result.commitSha,
      reportPath: first.result.reportPath,
      markdown: first.result.markdown,
    });
    expect(
      second.progress.map((p: { message: string }) => p.message),
    ).toContainEqual(expect.stringMatching(/INC-42 is already committed/));
    expect((await git.revparse(['main'])).trim()).toBe(head);
    expect(
      Number((await git.raw(['rev-list', '--count', 'main'])).trim()),
    ).toBe(1);
  });
});
