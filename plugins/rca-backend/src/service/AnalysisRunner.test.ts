import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '@internal/backend-test-kit';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
  type AuditRecord,
} from '@internal/plugin-audit-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  component,
  rcaConfig,
  standInCluster,
  waitForAnalysis,
} from '../__testUtils__/fixtures';
import { rcaPlugin } from '../plugin';
import { type AnalysisRecord, AnalysisStore } from './AnalysisStore';
import type { RequesterScope } from './RequesterScope';

const databases = createTestDatabases();
jest.setTimeout(120_000);

// payments-prod exists in two clusters: the requester may read it in `demo` only.
const scenario = loadScenarioFile(
  resolve(__dirname, '../../../../examples/demo/payments-bad-rollout.yaml'),
);
const standIn = new KubernetesStandIn({
  ...scenario,
  clusters: { demo: scenario.clusters.demo, mirror: scenario.clusters.demo },
});
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());
const dir = createMockDirectory();

/** payments depends on ledger, which the plugin's own view of the catalog can read. */
const payments = {
  ...component(),
  spec: { ...component().spec, dependsOn: ['component:default/ledger'] },
  relations: [
    ...component().relations!,
    { type: 'dependsOn', targetRef: 'component:default/ledger' },
  ],
};

/** kubernetes.namespace.read only for the listed `<cluster>/<ns>`; everything else allowed. */
function namespacePermissions(visible?: string[]) {
  const decide = async (
    requests: Array<{ permission: { name: string }; resourceRef?: string }>,
  ) =>
    requests.map(r => ({
      result:
        !visible ||
        r.permission.name !== 'kubernetes.namespace.read' ||
        visible.includes(r.resourceRef ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({ authorize: decide, authorizeConditional: decide } as any),
  });
}

/**
 * A replica of the rca backend on the shared database. `visible` limits what users may read;
 * without it the policy allows everything, so only the stored scope can limit a takeover.
 */
async function replica(knex: Knex, audit: AuditRecord[], visible?: string[]) {
  const hub = new AuditHub();
  hub.subscribe(async records => {
    audit.push(...records);
  });
  const backend = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: rcaConfig({
          clusters: [
            standInCluster(standIn, 'demo'),
            standInCluster(standIn, 'mirror'),
          ],
          dataDir: dir.path,
          rca: { queue: { leaseSeconds: 1 } },
        }),
      }),
      catalogServiceMock.factory({ entities: [payments, component('ledger')] }),
      namespacePermissions(visible),
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
    ],
  });
  return { backend, flushAudit: () => hub.flush() };
}

/** A store of a replica that accepted an analysis and died: its lease lapses at once. */
async function deadReplica(knex: Knex) {
  return AnalysisStore.create(mockServices.database({ knex }), {
    owner: 'dead-replica',
    leaseMs: 1,
  });
}

/** The analysis a dead replica accepted for jane, over the last hour, with `scope` stored. */
function acceptedForJane(scope?: RequesterScope): AnalysisRecord {
  const now = new Date();
  return {
    id: randomUUID(),
    incidentKey: `takeover-${randomUUID()}`,
    entityRef: 'component:default/payments',
    status: 'queued',
    request: {
      entityRef: 'component:default/payments',
      window: {
        from: new Date(now.getTime() - 3600_000).toISOString(),
        to: now.toISOString(),
      },
      publish: false,
    },
    progress: [],
    links: {},
    createdBy: 'user:default/jane',
    requesterScope: scope,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

const takeovers = (audit: AuditRecord[]) =>
  audit
    .map(r => r.event)
    .filter(e => e.event.action === 'rca.analysis-takeover');

/** The scope the accepting replica stores for a requester who may read payments-prod in demo only. */
async function storedScopeOfDemoOnlyRequester(knex: Knex) {
  const accepting = await replica(knex, [], ['demo/payments-prod']);
  const created = await request(accepting.backend.server)
    .post('/api/rca/v1/analyses')
    .send({
      entityRef: 'component:default/payments',
      window: { last: '2h' },
      publish: false,
    })
    .expect(202);
  await waitForAnalysis(accepting.backend.server, created.body.id);
  await accepting.backend.stop();
  const stored = await (await deadReplica(knex)).get(created.body.id);
  return stored?.requesterScope;
}

/** `record` accepted by a replica that died, run by another: its result and audit trail. */
async function takeOver(knex: Knex, record: AnalysisRecord) {
  const audit: AuditRecord[] = [];
  const taker = await replica(knex, audit);
  standIn.requests.length = 0;
  await (await deadReplica(knex)).insert(record);
  const done = await waitForAnalysis(taker.backend.server, record.id);
  await taker.flushAudit();
  await taker.backend.stop();
  return { done, takeovers: takeovers(audit) };
}

describe.each(databases.eachSupportedId())(
  'a taken-over analysis on %s',
  (id: TestDatabaseId) => {
    it("keeps the namespaces its requester could read, never the entity's others", async () => {
      const knex = await databases.init(id);
      const stored = await storedScopeOfDemoOnlyRequester(knex);
      expect(stored?.allowed).toEqual([
        { cluster: 'demo', namespace: 'payments-prod' },
      ]);

      // That scope, on an analysis whose replica died, is all another replica reads.
      const record = acceptedForJane(stored);
      const { done, takeovers: audited } = await takeOver(knex, record);
      expect(done.status).toBe('completed');
      expect(done.result.report.gaps).toContainEqual(
        expect.stringMatching(
          /you may not see namespace payments-prod \(cluster mirror\)/,
        ),
      );
      // The plugin's catalog view may be wider than the requester's: no dependency is read.
      expect(done.result.report.gaps).toContainEqual(
        expect.stringContaining('component:default/ledger'),
      );
      // Nothing the plugin alone could read of it, such as its namespace, reaches the report.
      expect(JSON.stringify(done.result.report)).not.toContain('ledger-prod');
      expect(
        standIn.requests.some(r => r.startsWith('GET /clusters/demo/')),
      ).toBe(true);
      expect(
        standIn.requests.filter(r => r.startsWith('GET /clusters/mirror/')),
      ).toEqual([]);
      expect(audited).toEqual([
        expect.objectContaining({
          event: expect.objectContaining({ outcome: 'success' }),
          meta: expect.objectContaining({
            analysisId: record.id,
            requester: 'user:default/jane',
            namespaces: ['demo/payments-prod'],
          }),
        }),
      ]);
    });

    it('fails, reading nothing, when no scope was stored with it', async () => {
      const knex = await databases.init(id);
      const record = acceptedForJane(undefined);
      const { done, takeovers: audited } = await takeOver(knex, record);
      expect(done.status).toBe('failed');
      expect(done.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /namespaces its requester may read were not stored with it; it is not run with a wider scope/,
        ),
      });
      expect(standIn.requests).toEqual([]);
      expect(audited).toEqual([
        expect.objectContaining({
          event: expect.objectContaining({ outcome: 'failure' }),
          meta: expect.objectContaining({
            analysisId: record.id,
            requester: 'user:default/jane',
          }),
        }),
      ]);
    });
  },
);
