/**
 * Acceptance: a real Alertmanager (Debian's `prometheus-alertmanager`) whose webhook receiver is
 * the rca backend (the production `createBackend()`, real auth with a static externalAccess
 * token), the real notifications backend, and the Kubernetes stand-in serving the demo incident.
 */
// The tests' bodies are the expect* helpers below.
/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expect*"] }] */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startRealBackend } from '@internal/backend-test-kit';
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
  type AuditRecord,
} from '@internal/plugin-audit-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import knexFactory from 'knex';
import { join } from 'node:path';
import {
  hasAlertmanager,
  startAlertmanager,
  until,
} from '../__testUtils__/alertmanager';
import {
  component,
  demoStandIn,
  rcaConfig,
  standInCluster,
} from '../__testUtils__/fixtures';
import { rcaPlugin } from '../plugin';

const TOKEN = 'alertmanager-test-token-4f9c2b7e';
const STORM_ENTITIES = 30;

function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: ['payments'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
  };
}

// payments depends on ledger: an alert-started analysis of payments reads payments-prod only.
const payments = component();
payments.relations!.push({
  type: 'dependsOn',
  targetRef: 'component:default/ledger',
});

const entities: Entity[] = [
  payments,
  component('ledger'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/alice' },
      { type: 'hasMember', targetRef: 'user:default/bob' },
    ],
  },
  user('alice'),
  user('bob'),
  ...Array.from({ length: STORM_ENTITIES }, (_, i) =>
    component(`storm-${i}`, 'group:default/storm'),
  ),
];

const firing = (labels: Record<string, string>, startsAt: string) => ({
  labels,
  annotations: { summary: `${labels.alertname} on ${labels.pod ?? '?'}` },
  startsAt,
});

/** The audit records of one rca event, e.g. `alert-receive`. */
const auditOf = (records: AuditRecord[], eventId: string) =>
  records.filter(r => r.line.includes(`"rca.${eventId}"`));

/** The object in an audit line that carries `key` (the event's meta, wherever the hub puts it). */
function metaWith(line: string, key: string): Record<string, number> {
  const find = (o: unknown): any => {
    if (!o || typeof o !== 'object') return undefined;
    if (key in o) return o;
    for (const v of Object.values(o)) {
      const found = find(v);
      if (found) return found;
    }
    return undefined;
  };
  return find(JSON.parse(line));
}

const describeIfAlertmanager = hasAlertmanager() ? describe : describe.skip;
if (!hasAlertmanager())
  // eslint-disable-next-line no-console
  console.warn(
    'SKIPPED: no /usr/bin/prometheus-alertmanager (apt-get install -y prometheus-alertmanager)',
  );

// One backend, Alertmanager and stand-in for the whole file: the describe blocks below run in
// order against this shared state (later tests read the analyses earlier ones started).
const standIn = demoStandIn();
const dir = createMockDirectory();
const audit: AuditRecord[] = [];
const hub = new AuditHub();
hub.subscribe(async records => {
  audit.push(...records);
});
let backend: Awaited<ReturnType<typeof startRealBackend>>;
let am: Awaited<ReturnType<typeof startAlertmanager>>;

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${backend.url}/api/rca${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  return { status: res.status, body: await res.json() };
};
// The alert token reads nothing (it may only post alerts): the analyses are read from the store.
let rcaDb: ReturnType<typeof knexFactory> | undefined;
const rows = () => {
  rcaDb ??= knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir.path, 'db', 'rca.sqlite') },
    useNullAsDefault: true,
  });
  return rcaDb('rca_analyses');
};
const fromRow = (r: Record<string, string>) => ({
  id: r.id,
  entityRef: r.entity_ref,
  incidentKey: r.incident_key,
  status: r.status,
  report: r.report ? JSON.parse(r.report) : undefined,
});
const analysesOf = async (entityRef: string) =>
  (
    await rows().where({ entity_ref: entityRef }).orderBy('created_at', 'desc')
  ).map(fromRow);
const analysisById = async (id: string) =>
  fromRow(await rows().where({ id }).first());

// Jest runs these file-level hooks only when some test is enabled, so not when skipped above.
beforeAll(async () => {
  await standIn.start();
  backend = await startRealBackend({
    databaseDir: join(dir.path, 'db'),
    config: {
      ...rcaConfig({
        clusters: [standInCluster(standIn)],
        dataDir: dir.path,
        rca: {
          alerts: {
            entityCooldownMinutes: 10,
            rateLimit: { maxAnalyses: 5, windowSeconds: 60 },
          },
        },
      }),
      backend: {
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'alertmanager' },
              accessRestrictions: [{ plugin: 'rca' }],
            },
          ],
        },
      },
    },
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      notificationsPlugin,
      signalsPlugin,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities }),
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
    ],
  });
  am = await startAlertmanager({
    webhookUrl: `${backend.url}/api/rca/v1/alerts/alertmanager`,
    token: TOKEN,
  });
}, 60_000);

afterAll(async () => {
  await rcaDb?.destroy();
  await am?.stop();
  await backend?.stop();
  await standIn.stop();
}, 30_000);

async function expectOnlyServicesAnswered() {
  const anonymous = await fetch(
    `${backend.url}/api/rca/v1/alerts/alertmanager`,
    {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    },
  );
  expect(anonymous.status).toBe(401);
  const bad = await api('/v1/alerts/alertmanager', {
    method: 'POST',
    body: JSON.stringify({
      status: 'firing',
      alerts: [{ status: 'firing' }],
    }),
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/alerts\.0\.labels/);
  // The alert token posts alerts and nothing else.
  expect((await api('/v1/analyses')).status).toBe(403);
}

async function expectOneAnalysisPerIncident() {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const pods = ['payments-7d9f8c6b5-x2x4q', 'payments-7d9f8c6b5-k8zq2'];
  const alerts = pods.map(pod =>
    firing(
      { alertname: 'KubePodCrashLooping', namespace: 'payments-prod', pod },
      startsAt,
    ),
  );
  await am.post(alerts);
  await until(async () => (await am.notifications()).sent >= 1, 15_000);
  const [analysis, ...others] = await analysesOf('component:default/payments');
  expect(others).toEqual([]);
  expect(analysis).toMatchObject({ entityRef: 'component:default/payments' });
  expect(analysis.incidentKey).toMatch(/#alertmanager:[0-9a-f]+@/);
  // Both pods were grouped into one notification; the second pod's alert joined the first's analysis.
  const first = (await am.notifications()).sent;

  // Repeats (repeat_interval 4s) and a fresh post of the same alerts start nothing new.
  await am.post(alerts);
  await until(async () => (await am.notifications()).sent >= first + 2, 20_000);
  expect(await analysesOf('component:default/payments')).toHaveLength(1);

  // Resolved: one more notification, nothing started.
  await am.post(alerts.map(a => ({ ...a, endsAt: new Date().toISOString() })));
  const beforeResolve = (await am.notifications()).sent;
  await until(
    async () => (await am.notifications()).sent > beforeResolve,
    20_000,
  );
  expect(await analysesOf('component:default/payments')).toHaveLength(1);
  expect((await am.notifications()).failed).toBe(0);
  await expectReceiptsOfTheIncident();
}

/** The webhook receipts audited for the incident of `expectOneAnalysisPerIncident`. */
async function expectReceiptsOfTheIncident() {
  await hub.flush();
  const receipts = auditOf(audit, 'alert-receive');
  // The first notification carried both pods' alerts: one started, the other joined its analysis
  // (same entity, window covering its start) before the cooldown was even consulted.
  expect(metaWith(receipts[0].line, 'throttled')).toMatchObject({
    alerts: 2,
    started: 1,
    existing: 1,
    throttled: 0,
  });
  // Repeats and the resolution started nothing.
  expect(
    receipts.slice(1).map(r => metaWith(r.line, 'throttled').started),
  ).toEqual(receipts.slice(1).map(() => 0));
  // eslint-disable-next-line no-console
  console.log(
    `webhook notifications received: ${
      receipts.length
    }; metrics: ${JSON.stringify(await am.notifications())}`,
  );
}

async function expectOwningGroupNotified() {
  const [analysis] = await analysesOf('component:default/payments');
  await until(
    async () =>
      ['completed', 'failed'].includes(
        (
          await analysisById(analysis.id)
        ).status!,
      ),
    60_000,
  );
  const done = await analysisById(analysis.id);
  expect(done.status).toBe('completed');
  // The service's analysis was confined to the alerting entity's own namespaces.
  const gaps = JSON.stringify(done.report.gaps);
  expect(gaps).toMatch(/you may not see namespace ledger-prod/);
  expect(gaps).not.toMatch(/you may not see namespace payments-prod/);
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir.path, 'db', 'notifications.sqlite') },
    useNullAsDefault: true,
  });
  try {
    const notified = () =>
      db('notification').where('link', 'like', `%rca-${analysis.id}%`);
    await until(async () => (await notified()).length >= 2, 20_000);
    const delivered = await notified();
    expect(delivered.map(r => r.user).sort()).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(delivered[0].title).toContain(done.report.rootCause.title);
    expect(delivered[0].link).toBe(
      `http://localhost:3000/catalog/default/resource/rca-${analysis.id}`,
    );
  } finally {
    await db.destroy();
  }
}

async function expectUnmappedAlertAnswered() {
  const res = await api('/v1/alerts/alertmanager', {
    method: 'POST',
    body: JSON.stringify({
      version: '4',
      status: 'firing',
      receiver: 'rca',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'NodeDiskFull', instance: 'node-1' },
          startsAt: new Date().toISOString(),
          fingerprint: 'abc123',
        },
      ],
    }),
  });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ unmapped: 1, started: 0 });
  expect(res.body.results[0].reason).toMatch(/no entity label/);
  await hub.flush();
  const [unmapped] = auditOf(audit, 'alert-unmapped');
  expect(unmapped.line).toMatch(/no entity label/);
}

/** 500 firing alerts spread over the storm-N components. */
function stormAlerts() {
  const startsAt = new Date().toISOString();
  return Array.from({ length: 500 }, (_, i) =>
    firing(
      {
        alertname: 'StormAlert',
        namespace: `storm-${i % STORM_ENTITIES}-prod`,
        pod: `storm-${i % STORM_ENTITIES}-5c8f7b9d4-p${String(i).padStart(
          4,
          '0',
        )}`,
      },
      startsAt,
    ),
  );
}

/** How long the rca router takes to take in a resolved alert (authenticated and parsed), in ms. */
async function webhookLatency() {
  const t = Date.now();
  await api('/v1/alerts/alertmanager', {
    method: 'POST',
    body: JSON.stringify({
      status: 'resolved',
      alerts: [
        {
          status: 'resolved',
          labels: { alertname: 'Ping' },
          startsAt: new Date().toISOString(),
        },
      ],
    }),
  });
  return Date.now() - t;
}

/** The audited figures of the notification that carried `count` alerts, once it was handled. */
async function receiptOf(count: number) {
  await hub.flush();
  return auditOf(audit, 'alert-receive')
    .map(r => metaWith(r.line, 'throttled'))
    .find(m => m?.alerts === count);
}

async function expectRateLimitHeldThroughStorm() {
  const storm = stormAlerts();
  const began = Date.now();
  const sentBefore = (await am.notifications()).sent;
  await am.post(storm);
  // The backend keeps answering while the storm is handled.
  const latencies: number[] = [];
  await until(async () => {
    latencies.push(await webhookLatency());
    return (
      (await am.notifications()).sent > sentBefore &&
      (await receiptOf(500)) !== undefined
    );
  }, 30_000);
  const elapsed = Date.now() - began;
  const figures = await receiptOf(500);
  expect(figures).toBeDefined();
  let started = 0;
  for (let i = 0; i < STORM_ENTITIES; i++)
    started += (await analysesOf(`component:default/storm-${i}`)).length;
  // 5 per minute over all alerts; payments used one of them a moment ago at most.
  expect(started).toBeLessThanOrEqual(5);
  expect(started).toBe(figures!.started);
  expect(figures!.throttled + figures!.started + figures!.existing).toBe(500);
  expect(Math.max(...latencies)).toBeLessThan(2000);
  // eslint-disable-next-line no-console
  console.log(
    `storm of 500 alerts: started ${figures!.started}, joined ${
      figures!.existing
    }, throttled ${figures!.throttled}, ` +
      `delivered and handled in ${elapsed} ms, API latency during it max ${Math.max(
        ...latencies,
      )} ms`,
  );
}

describeIfAlertmanager('alerts from a real Alertmanager: the webhook', () => {
  it('answers only services, and a bad body with 400 naming the field', async () => {
    await expectOnlyServicesAnswered();
  });
});

describeIfAlertmanager('alerts from a real Alertmanager: an incident', () => {
  it('groups, repeats and resolves: one analysis for the incident, of the right entity', async () => {
    await expectOneAnalysisPerIncident();
  }, 90_000);

  it('notifies the members of the owning group when the report is ready', async () => {
    await expectOwningGroupNotified();
  }, 90_000);
});

describeIfAlertmanager('alerts from a real Alertmanager: edge cases', () => {
  it('answers an unmapped alert 202 with the reason, and audits it', async () => {
    await expectUnmappedAlertAnswered();
  });

  it('holds the rate limit through a storm of 500 alerts and stays responsive', async () => {
    await expectRateLimitHeldThroughStorm();
  }, 60_000);
});
