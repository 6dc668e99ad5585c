import { resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
  type AuditRecord,
} from '@internal/plugin-audit-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { RCA_REPORT_PUBLISHED_TOPIC } from '@internal/plugin-rca-common';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { KubernetesStandIn, loadScenarioFile } from '@internal/k8s-standin';
import { simpleGit } from 'simple-git';
import request from 'supertest';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import {
  component,
  demoStandIn,
  rcaConfig,
  standInCluster,
  waitForAnalysis,
} from './__testUtils__/fixtures';
import { rcaPlugin } from './plugin';

const entities: Entity[] = [component()];

/** The policy's decision, stubbed: kubernetes.namespace.read only for the listed `<cluster>/<ns>`. */
function namespacePermissions(visible: string[]) {
  const decide = async (
    requests: Array<{ permission: { name: string }; resourceRef?: string }>,
  ) =>
    requests.map(r => ({
      result:
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

// Shared by every describe block below: one stand-in, one data directory (and its report repositories).
const standIn = demoStandIn();
const dir = createMockDirectory();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

const config = (clusters: object[], extra: object = {}) =>
  rcaConfig({ clusters, dataDir: dir.path, rca: extra });
const demoCluster = () => standInCluster(standIn);

async function start(
  data: object,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY
    | { visibleNamespaces: string[] } = AuthorizeResult.ALLOW,
  audit: AuditRecord[] = [],
) {
  // The real audit pipeline (auditor → hub), its consumer collecting what would be stored.
  const hub = new AuditHub();
  hub.subscribe(async records => {
    audit.push(...records);
  });
  const { server } = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      mockServices.rootConfig.factory({ data }),
      catalogServiceMock.factory({ entities }),
      typeof permission === 'object'
        ? namespacePermissions(permission.visibleNamespaces)
        : mockServices.permissions.factory({ result: permission }),
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
    ],
  });
  return Object.assign(server, { flushAudit: () => hub.flush() });
}

const waitFor = waitForAnalysis;

// Two clusters with the same workloads: payments-prod exists in both.
const scenario = loadScenarioFile(
  resolve(__dirname, '../../../examples/demo/payments-bad-rollout.yaml'),
);
const twoClusters = new KubernetesStandIn({
  ...scenario,
  clusters: {
    demo: scenario.clusters.demo,
    mirror: scenario.clusters.demo,
  },
});
beforeAll(() => twoClusters.start());
afterAll(() => twoClusters.stop());
const cluster = (name: string) => standInCluster(twoClusters, name);
const paymentsLastHour = {
  entityRef: 'component:default/payments',
  window: { last: '1h' },
};

/** A test module that keeps the payload of every report-published event. */
function publicationListener(published: unknown[]) {
  return createBackendModule({
    pluginId: 'rca',
    moduleId: 'test-listener',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test',
            topics: [RCA_REPORT_PUBLISHED_TOPIC],
            onEvent: async e => {
              published.push(e.eventPayload);
            },
          });
        },
      });
    },
  });
}

/** A backend that publishes reports to served.git, browsable on git.example.com. */
async function startServingReports(published: unknown[]) {
  const { server } = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      publicationListener(published),
      mockServices.rootConfig.factory({
        data: config([demoCluster()], {
          reports: {
            git: {
              url: resolve(dir.path, 'served.git'),
              browseUrl: 'https://git.example.com/sre/reports',
            },
          },
        }),
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  return server;
}

/** The three denials of a user the policy refuses: the creation, then both report reads. */
function expectDenialsAudited(audit: AuditRecord[]) {
  const denials = audit.map(r => r.event);
  expect(denials).toHaveLength(3);
  expect(denials[0]).toMatchObject({
    plugin: 'rca',
    event: {
      action: 'rca.analysis-create',
      outcome: 'failure',
      severity: 'medium',
    },
    actor: { ref: 'user:default/jane', type: 'user' },
    request: { method: 'POST', path: '/api/rca/v1/analyses' },
    meta: {
      permission: 'rca.analysis.create',
      resourceRef: 'component:default/payments',
      decision: 'DENY',
      error: { name: 'NotAllowedError' },
    },
  });
  expect(denials.slice(1).map(e => [e.event.action, e.meta])).toEqual([
    [
      'rca.report-read',
      expect.objectContaining({
        permission: 'rca.report.read',
        decision: 'DENY',
      }),
    ],
    [
      'rca.report-read',
      expect.objectContaining({
        permission: 'rca.report.read',
        decision: 'DENY',
      }),
    ],
  ]);
}

/** The demo cluster, one that is down, and eu (the second stand-in), which forbids payments-prod. */
function degradedClusters(second: KubernetesStandIn) {
  return [
    demoCluster(),
    {
      name: 'down',
      url: 'http://127.0.0.1:9',
      authProvider: 'serviceAccount',
      serviceAccountToken: 'x',
      skipTLSVerify: true,
    },
    {
      name: 'eu',
      url: second.clusterUrl('eu'),
      authProvider: 'serviceAccount',
      serviceAccountToken: 'x',
      skipTLSVerify: true,
    },
  ];
}

/** The namespace denials of one refused analysis: one per cluster, each audited. */
function expectNamespaceDenialsAudited(audit: AuditRecord[]) {
  const denials = audit
    .map(r => r.event)
    .filter(e => e.event.action === 'rca.namespace-read');
  expect(
    denials.map(e => `${e.meta!.cluster}/${e.meta!.namespace}`).sort(),
  ).toEqual(['demo/payments-prod', 'mirror/payments-prod']);
  expect(denials[0]).toMatchObject({
    actor: { ref: 'user:default/mock' },
    event: { outcome: 'failure' },
    meta: {
      permission: 'kubernetes.namespace.read',
      decision: 'DENY',
      via: 'analysis',
    },
  });
}

describe('rca backend plugin', () => {
  it('analyses, commits the report once per incident and serves it', async () => {
    const server = await start(config([demoCluster()]));
    const body = {
      entityRef: 'component:default/payments',
      window: { last: '1h' },
      title: 'Checkout errors',
    };
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send(body)
      .expect(202);
    expect(created.body).toMatchObject({ status: 'queued', existing: false });
    expect(created.body.links.self).toMatch(
      new RegExp(`/api/rca/v1/analyses/${created.body.id}$`),
    );

    // Same incident (entity + window to the minute): the same analysis, not a second one.
    const again = await request(server)
      .post('/api/rca/v1/analyses')
      .send(body)
      .expect(200);
    expect(again.body).toMatchObject({ id: created.body.id, existing: true });

    const done = await waitFor(server, created.body.id);
    expect(done.status).toBe('completed');
    expect(done.result.report.rootCause.category).toBe(
      'crashloop_missing_env_or_config',
    );
    expect(done.result.report.title).toBe('Checkout errors');
    expect(done.result.markdown).toContain('crashloop_missing_env_or_config');
    expect(done.result.reportPath).toMatch(
      /^reports\/rca\/\d{4}\/\d{2}\/\d{4}-\d{2}-\d{2}-payments-[0-9a-f-]+\.md$/,
    );
    expect(done.progress.map((p: { step: string }) => p.step)).toEqual(
      expect.arrayContaining([
        'catalog',
        'kubernetes',
        'analysis',
        'publish',
        'done',
      ]),
    );

    const bare = simpleGit(resolve(dir.path, 'reports.git'));
    expect((await bare.revparse(['main'])).trim()).toBe(done.result.commitSha);
    expect(await bare.show([`main:${done.result.reportPath}`])).toBe(
      done.result.markdown,
    );

    const md = await request(server)
      .get(`/api/rca/v1/analyses/${created.body.id}/markdown`)
      .expect(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.text).toBe(done.result.markdown);

    await request(server)
      .post('/api/rca/v1/analyses')
      .send({ ...body, incidentKey: 'INC-2', publish: false })
      .expect(202);
    const list = await request(server)
      .get('/api/rca/v1/analyses?entityRef=payments&limit=1')
      .expect(200);
    expect(list.body.totalCount).toBe(2);
    expect(list.body.items).toHaveLength(1);
    // newest first; a caller's key is kept scoped to its entity
    expect(list.body.items[0].incidentKey).toBe(
      'component:default/payments#INC-2',
    );
    const page2 = await request(server)
      .get('/api/rca/v1/analyses?entityRef=payments&limit=1&offset=1')
      .expect(200);
    expect(page2.body.items[0].id).toBe(created.body.id);
  });
});

describe('rca backend plugin: committed reports', () => {
  it('serves committed reports from Git and announces each publication', async () => {
    const published: unknown[] = [];
    const server = await startServingReports(published);
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({ entityRef: 'payments', window: { last: '30m' } })
      .expect(202);
    const done = await waitFor(server, created.body.id);
    expect(published).toEqual([
      {
        analysisId: created.body.id,
        entityRef: 'component:default/payments',
        path: done.result.reportPath,
        commitSha: done.result.commitSha,
      },
    ]);

    const res = await request(server)
      .get(`/api/rca/v1/reports/${created.body.id}`)
      .expect(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      path: done.result.reportPath,
      commitSha: done.result.commitSha,
      markdown: done.result.markdown,
      report: {
        entityRef: 'component:default/payments',
        owner: 'group:default/payments',
        rootCause: { category: 'crashloop_missing_env_or_config' },
      },
      links: {
        file: `https://git.example.com/sre/reports/blob/main/${done.result.reportPath}`,
        commit: `https://git.example.com/sre/reports/commit/${done.result.commitSha}`,
        entity: `http://localhost:3000/catalog/default/resource/rca-${created.body.id}`,
      },
    });
    const md = await request(server)
      .get(`/api/rca/v1/reports/${created.body.id}/markdown`)
      .expect(200);
    expect(md.text).toBe(done.result.markdown);

    const missing = await request(server)
      .get('/api/rca/v1/reports/0b9e6a3c-0000-4000-8000-000000000000')
      .expect(404);
    expect(missing.body.error.message).toMatch(
      /No committed report for analysis 0b9e6a3c-0000-4000-8000-000000000000 on branch main/,
    );
    const invalid = await request(server)
      .get('/api/rca/v1/reports/..%2F..%2Fetc%2Fpasswd')
      .expect(400);
    expect(invalid.body.error.message).toMatch(/Invalid report id/);
  });
});

describe('rca backend plugin: refusals', () => {
  it('answers bad input with the field at fault', async () => {
    const server = await start(config([demoCluster()]));
    const post = (b: object) =>
      request(server).post('/api/rca/v1/analyses').send(b);
    const noWindow = await post({ entityRef: 'payments' }).expect(400);
    expect(noWindow.body.error).toMatchObject({ name: 'InputError' });
    expect(noWindow.body.error.message).toMatch(/^window:/);
    expect(
      (
        await post({ entityRef: 'component:', window: { last: '1h' } }).expect(
          400,
        )
      ).body.error.message,
    ).toMatch(/^entityRef:/);
    expect(
      (
        await post({
          entityRef: 'payments',
          window: { last: 'forever' },
        }).expect(400)
      ).body.error.message,
    ).toMatch(/^window\.last:/);
    expect(
      (
        await post({
          entityRef: 'payments',
          window: { from: '2026-11-23T10:00:00Z', to: '2026-11-23T09:00:00Z' },
        }).expect(400)
      ).body.error.message,
    ).toMatch(/^window\.to:/);
    expect(
      (
        await post({
          entityRef: 'payments',
          window: { last: '1h' },
          extra: 1,
        }).expect(400)
      ).body.error.message,
    ).toMatch(/extra/);
    const unknown = await post({
      entityRef: 'component:default/nope',
      window: { last: '1h' },
    }).expect(404);
    expect(unknown.body.error.message).toMatch(
      /no entity component:default\/nope/,
    );
    await request(server)
      .get('/api/rca/v1/analyses/does-not-exist')
      .expect(404);
    expect(
      (await request(server).get('/api/rca/v1/analyses?limit=0').expect(400))
        .body.error.message,
    ).toMatch(/^limit:/);
  });

  it('refuses users the policy denies, and every denial is in the audit trail', async () => {
    const audit: AuditRecord[] = [];
    const server = await start(
      config([demoCluster()]),
      AuthorizeResult.DENY,
      audit,
    );
    const res = await request(server)
      .post('/api/rca/v1/analyses')
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({ entityRef: 'payments', window: { last: '1h' } })
      .expect(403);
    expect(res.body.error.message).toMatch(/rca\.analysis\.create/);
    await request(server).get('/api/rca/v1/analyses').expect(403);
    await request(server).get('/api/rca/v1/reports/a1').expect(403);
    await server.flushAudit();
    expectDenialsAudited(audit);
  });
});

describe('rca backend plugin: degraded analyses', () => {
  it('completes as degraded with one cluster down, a forbidden namespace and no LLM', async () => {
    const second = new KubernetesStandIn({
      clusters: {
        eu: { objects: [], faults: { forbiddenNamespaces: ['payments-prod'] } },
      },
    });
    await second.start();
    try {
      const server = await start(config(degradedClusters(second)));
      const created = await request(server)
        .post('/api/rca/v1/analyses')
        .send({
          entityRef: 'payments',
          window: { last: '30m' },
          publish: false,
        })
        .expect(202);
      const done = await waitFor(server, created.body.id);
      expect(done.status).toBe('completed');
      const { report, markdown } = done.result;
      expect(report.status).toBe('degraded');
      expect(report.rootCause.category).toBe('crashloop_missing_env_or_config');
      expect(report.gaps.join('\n')).toMatch(/cluster down is unreachable/);
      expect(report.gaps.join('\n')).toMatch(
        /cluster eu: forbidden to list pods in namespace payments-prod/,
      );
      expect(report.generator.llm.used).toBe(false);
      expect(report.sources).toContainEqual(
        expect.objectContaining({ name: 'kubernetes', status: 'partial' }),
      );
      expect(markdown).toContain('Degraded report');
      expect(done.result.commitSha).toBeUndefined();
    } finally {
      await second.stop();
    }
  });
});

describe('rca backend plugin namespace policy', () => {
  it("refuses with 403, audited per namespace, when none of the entity's namespaces is visible", async () => {
    const audit: AuditRecord[] = [];
    const server = await start(
      config([cluster('demo'), cluster('mirror')]),
      { visibleNamespaces: [] },
      audit,
    );
    twoClusters.requests.length = 0;
    const res = await request(server)
      .post('/api/rca/v1/analyses')
      .send(paymentsLastHour)
      .expect(403);
    expect(res.body.error.message).toMatch(
      /^You may not see namespace payments-prod in cluster (demo|mirror) \(kubernetes\.namespace\.read\)/,
    );
    expect(twoClusters.requests).toEqual([]);
    await server.flushAudit();
    expectNamespaceDenialsAudited(audit);
    expect(
      (await request(server).get('/api/rca/v1/analyses').expect(200)).body
        .totalCount,
    ).toBe(0);
  });

  it('serves an analysis and its report only to those who may read every namespace it drew from', async () => {
    const visible = ['demo/payments-prod', 'mirror/payments-prod'];
    const server = await start(
      {
        ...config([cluster('demo'), cluster('mirror')]),
        permission: { k8sNamespacePolicy: { decisionCacheTtlSeconds: 0 } },
      },
      { visibleNamespaces: visible },
    );
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({ ...paymentsLastHour, window: { last: '2h' } })
      .expect(202);
    const done = await waitFor(server, created.body.id);
    expect(done.result.report.access.namespaces).toEqual([
      { cluster: 'demo', namespace: 'payments-prod' },
      { cluster: 'mirror', namespace: 'payments-prod' },
    ]);
    const paths = [
      `/api/rca/v1/analyses/${created.body.id}`,
      `/api/rca/v1/analyses/${created.body.id}/markdown`,
      `/api/rca/v1/reports/${created.body.id}`,
      `/api/rca/v1/reports/${created.body.id}/markdown`,
    ];
    for (const path of paths) await request(server).get(path).expect(200);

    // The requester loses one of the two namespaces: nothing of the report is served.
    visible.splice(1);
    for (const path of paths) {
      const res = await request(server).get(path).expect(403);
      expect(JSON.stringify(res.body)).not.toContain('crashloop');
    }
    const list = await request(server).get('/api/rca/v1/analyses').expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(
      created.body.id,
    );
  });
});

describe('rca backend plugin namespace policy: evidence gaps', () => {
  it('analyses only the visible cluster and lists the other as an evidence gap', async () => {
    const server = await start(config([cluster('demo'), cluster('mirror')]), {
      visibleNamespaces: ['demo/payments-prod'],
    });
    twoClusters.requests.length = 0;
    // A window of its own: an incident already committed by another test would only be linked.
    const created = await request(server)
      .post('/api/rca/v1/analyses')
      .send({ ...paymentsLastHour, window: { last: '90m' } })
      .expect(202);
    const done = await waitFor(server, created.body.id);
    expect(done.status).toBe('completed');
    const report = done.result.report;
    expect(report.status).toBe('degraded');
    expect(report.gaps).toContainEqual(
      expect.stringMatching(
        /you may not see namespace payments-prod \(cluster mirror\)/,
      ),
    );
    expect(report.rootCause.category).toBe('crashloop_missing_env_or_config');
    expect(
      twoClusters.requests.some(r => r.startsWith('GET /clusters/demo/')),
    ).toBe(true);
    expect(
      twoClusters.requests.filter(r => r.startsWith('GET /clusters/mirror/')),
    ).toEqual([]);
  });
});
