import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
  type AuditRecord,
} from '@internal/plugin-audit-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import request from 'supertest';
import { component, rcaConfig } from '../__testUtils__/fixtures';
import { rcaPlugin } from '../plugin';

const ALERTMANAGER = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:alertmanager'),
  targetPluginId: 'rca',
});
const dir = createMockDirectory();
const audit: AuditRecord[] = [];
const hub = new AuditHub();
hub.subscribe(async records => {
  audit.push(...records);
});

async function start() {
  const cluster = {
    name: 'demo',
    url: 'http://127.0.0.1:9',
    authProvider: 'serviceAccount',
    serviceAccountToken: 'unused',
    skipTLSVerify: true,
  };
  const { server } = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      mockServices.rootConfig.factory({
        data: rcaConfig({ clusters: [cluster], dataDir: dir.path }),
      }),
      catalogServiceMock.factory({ entities: [component()] }),
      // Backstage allows a service every permission: the refusal must not depend on the policy.
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
    ],
  });
  return server;
}

describe('services from outside Backstage (the alert token)', () => {
  it('are refused every route but the alert webhook, and audited', async () => {
    const server = await start();
    const get = (path: string) =>
      request(server).get(`/api/rca${path}`).set('authorization', ALERTMANAGER);
    for (const path of [
      '/v1/analyses',
      '/v1/analyses/some-id',
      '/v1/analyses/some-id/markdown',
      '/v1/reports/some-id',
      '/v1/reports/some-id/markdown',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.error.name).toBe('NotAllowedError');
    }
    const post = await request(server)
      .post('/api/rca/v1/analyses')
      .set('authorization', ALERTMANAGER)
      .send({
        entityRef: 'component:default/payments',
        window: { last: '1h' },
      });
    expect(post.status).toBe(403);
    expect(post.body.error.message).toMatch(/may only post alerts/);
    await hub.flush();
    const denials = audit.filter(r => r.line.includes('"DENY"'));
    expect(
      denials.filter(r => r.line.includes('rca.report-read')),
    ).toHaveLength(5);
    expect(
      denials.filter(r => r.line.includes('rca.analysis-create')),
    ).toHaveLength(1);
  });

  it('the webhook refuses a user before reading the body', async () => {
    const server = await start();
    const res = await request(server)
      .post('/api/rca/v1/alerts/alertmanager')
      .set('authorization', mockCredentials.user.header())
      .set('content-type', 'application/json')
      .send('{not json');
    expect(res.status).toBe(403);
  });
});
