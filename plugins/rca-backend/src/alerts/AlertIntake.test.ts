import { mockCredentials } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type express from 'express';
import knexFactory from 'knex';
import { component } from '../__testUtils__/fixtures';
import { AnalysisService } from '../service/AnalysisService';
import { AnalysisStore } from '../service/AnalysisStore';
import { AlertIntake } from './AlertIntake';
import { AlertThrottle } from './AlertThrottle';
import { DEFAULT_ALERT_OPTIONS } from './readAlertOptions';

const db = knexFactory({
  client: 'better-sqlite3',
  connection: ':memory:',
  useNullAsDefault: true,
});
afterAll(() => db.destroy());

const auditor = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
} as any;

/** An intake over a real store, allowed everything, whose entity cooldown is `cooldownMs`. */
async function intake(cooldownMs: number, enqueue: () => void = () => {}) {
  const store = await AnalysisStore.create({ getClient: async () => db });
  const analyses = new AnalysisService({
    store,
    runner: { enqueue },
    permissions: {
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    } as any,
    catalog: catalogServiceMock({ entities: [component()] }),
    auditor,
  });
  return new AlertIntake({
    analyses,
    store,
    matcher: {
      match: async () => ({
        entityRefs: ['component:default/payments'],
        via: 'kubernetes' as const,
      }),
    },
    throttle: new AlertThrottle({
      entityCooldownMs: cooldownMs,
      maxAnalyses: 100,
      windowMs: 60_000,
    }),
    auditor,
    options: DEFAULT_ALERT_OPTIONS,
  });
}

const alert = (pod: string, secondsAgo: number) => ({
  status: 'firing' as const,
  labels: { alertname: 'KubePodCrashLooping', namespace: 'payments-prod', pod },
  annotations: {},
  startsAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  fingerprint: `fp-${pod}`,
});
const notification = (alerts: ReturnType<typeof alert>[]) => ({
  status: 'firing' as const,
  alerts,
});

describe('AlertIntake', () => {
  it('starts no second analysis when a new alert of the entity joins the group after the cooldown', async () => {
    const alerts = await intake(0);
    const credentials = mockCredentials.service('external:alertmanager');
    const req = {} as express.Request;
    const first = await alerts.receive(
      notification([alert('payments-a', 60)]),
      credentials,
      req,
    );
    expect(first).toMatchObject({ started: 1 });
    // The group's re-notification: the first alert again, and another pod's alert, new fingerprint.
    const again = await alerts.receive(
      notification([alert('payments-a', 60), alert('payments-b', 30)]),
      credentials,
      req,
    );
    expect(again).toMatchObject({ started: 0, existing: 2, throttled: 0 });
    expect(again.results.map(r => r.analysisId)).toEqual([
      first.results[0].analysisId,
      first.results[0].analysisId,
    ]);
    expect(await db('rca_analyses').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('rejects the alerts beyond the cap of a notification, not the notification', async () => {
    const alerts = await intake(60_000);
    const many = Array.from({ length: 1002 }, () => ({
      status: 'resolved' as const,
      labels: { alertname: 'X' },
      annotations: {},
      startsAt: new Date().toISOString(),
    }));
    const res = await alerts.receive(
      { status: 'resolved', alerts: many },
      mockCredentials.service('external:alertmanager'),
      {} as express.Request,
    );
    expect(res).toMatchObject({ alerts: 1002, rejected: 2 });
    expect(res.results[1001].reason).toMatch(/max_alerts/);
  });

  it('answers 503 while stopping, so that Alertmanager retries', async () => {
    const alerts = await intake(0, () => {
      throw new ServiceUnavailableError('stopping');
    });
    await expect(
      alerts.receive(
        notification([alert('payments-stop', 3600 * 5)]),
        mockCredentials.service('external:alertmanager'),
        {} as express.Request,
      ),
    ).rejects.toThrow(ServiceUnavailableError);
  });
});
