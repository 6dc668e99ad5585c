import {
  type BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReportRepository } from '@internal/plugin-rca-node';
import request from 'supertest';
import type { AnalysisRunner } from './AnalysisRunner';
import { type AnalysisRecord, AnalysisStore } from './AnalysisStore';
import { createRouter } from './router';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/sre',
    lifecycle: 'production',
  },
};

/** The router with real services and store; the runner only records what it is handed. */
function routerPlugin(
  enqueued: string[],
  canReadAnalysis?: (
    credentials: BackstageCredentials,
    record: AnalysisRecord,
  ) => Promise<boolean>,
) {
  return createBackendPlugin({
    pluginId: 'rca',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          discovery: coreServices.discovery,
          auditor: coreServices.auditor,
          catalog: catalogServiceRef,
        },
        async init({ config, database, httpRouter, ...services }) {
          const runner = {
            enqueue: (r: AnalysisRecord) => enqueued.push(r.id),
          } as unknown as AnalysisRunner;
          httpRouter.use(
            await createRouter({
              ...services,
              store: await AnalysisStore.create(database),
              runner,
              appBaseUrl: 'http://localhost:3000',
              reports: ReportRepository.fromConfig(config, 'rca-backend'),
              canReadAnalysis,
            }),
          );
        },
      });
    },
  });
}

describe('POST /v1/analyses answering with an existing analysis', () => {
  const dir = createMockDirectory();
  const start = async (
    enqueued: string[],
    canReadAnalysis?: Parameters<typeof routerPlugin>[1],
  ) =>
    (
      await startTestBackend({
        features: [
          routerPlugin(enqueued, canReadAnalysis),
          mockServices.rootConfig.factory({
            data: { rca: { dataDir: dir.path } },
          }),
          catalogServiceMock.factory({ entities: [payments] }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      })
    ).server;
  const body = {
    entityRef: 'payments',
    window: { last: '1h' },
    incidentKey: 'INC-7',
  };
  const as = (server: Parameters<typeof request>[0], userRef: string) =>
    request(server)
      .post('/api/rca/v1/analyses')
      .set('Authorization', mockCredentials.user.header(userRef))
      .send(body);

  it('refuses with 403, revealing nothing, a caller who may not read it', async () => {
    const enqueued: string[] = [];
    // Stands in for the policy: only the requester may read an analysis.
    const server = await start(enqueued, async (credentials, record) => {
      const principal = credentials.principal as { userEntityRef?: string };
      return principal.userEntityRef === record.createdBy;
    });
    const created = await as(server, 'user:default/jane').expect(202);

    const refused = await as(server, 'user:default/mallory').expect(403);
    expect(refused.body.error).toMatchObject({ name: 'NotAllowedError' });
    expect(JSON.stringify(refused.body)).not.toContain(created.body.id);
    expect(refused.body.id).toBeUndefined();

    const again = await as(server, 'user:default/jane').expect(200);
    expect(again.body).toMatchObject({ id: created.body.id, existing: true });
    expect(enqueued).toEqual([created.body.id]);
  });

  it('answers everyone with the existing analysis when no policy is given', async () => {
    const enqueued: string[] = [];
    const server = await start(enqueued);
    const created = await as(server, 'user:default/jane').expect(202);
    const again = await as(server, 'user:default/bob').expect(200);
    expect(again.body).toMatchObject({ id: created.body.id, existing: true });
    expect(enqueued).toEqual([created.body.id]);
  });
});
