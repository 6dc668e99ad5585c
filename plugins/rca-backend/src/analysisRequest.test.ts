import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import {
  component as sreComponent,
  demoStandIn,
  rcaConfig,
  standInCluster,
  waitForAnalysis,
} from './__testUtils__/fixtures';
import { rcaPlugin } from './plugin';

const component = (name: string) => sreComponent(name, 'group:default/sre');
const user: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane', namespace: 'default' },
  spec: {},
};

// One backend for the whole file; the tests run in order and count the analyses it stored.
const standIn = demoStandIn();
const dir = createMockDirectory();
let server: Parameters<typeof request>[0];
beforeAll(async () => {
  await standIn.start();
  ({ server } = await startTestBackend({
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      mockServices.rootConfig.factory({
        data: rcaConfig({
          clusters: [standInCluster(standIn)],
          dataDir: dir.path,
          rca: { maxWindowHours: 12 },
        }),
      }),
      catalogServiceMock.factory({
        entities: [component('payments'), component('ledger'), user],
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  }));
});
afterAll(() => standIn.stop());

const post = (body: object) =>
  request(server).post('/api/rca/v1/analyses').send(body);
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const hour = 3600_000;
const day = 24 * hour;

const waitFor = (id: string) => waitForAnalysis(server, id);

/** Label, window.from, window.to, and the message that names the field. */
const BAD_WINDOWS: Array<[string, string, string, RegExp]> = [
  [
    'in 2100',
    '2100-01-01T00:00:00Z',
    '2100-01-01T01:00:00Z',
    /^window\.from: the window lies in the future/,
  ],
  [
    'in 1970',
    '1970-01-01T00:00:00Z',
    '1970-01-01T01:00:00Z',
    /^window\.from: older than the 30d of data kept/,
  ],
  [
    'not ISO',
    '2026-12-07 10:00',
    '2026-12-07 11:00',
    /^window\.from: expected an ISO 8601 timestamp with an offset, e\.g\. 2026-11-23T09:30:00Z.*; got "2026-12-07 10:00"$/,
  ],
  [
    '"1" to "2"',
    '1',
    '2',
    /^window\.from: expected an ISO 8601 timestamp .*; got "1"$/,
  ],
  [
    'from after to',
    iso(-hour),
    iso(-2 * hour),
    /^window\.to: must be later than window\.from/,
  ],
  [
    'longer than rca.maxWindowHours',
    iso(-3 * day),
    iso(-hour),
    /^window: at most 12h can be analysed at once/,
  ],
];

/** entityRef, and the message that names it. */
const BAD_ENTITY_REFS: Array<[string, RegExp]> = [
  [
    'user:default/jane',
    /^entityRef: kind "user" cannot be analysed; expected one of Component, Resource, System$/,
  ],
  ['group:default/payments', /^entityRef: kind "group" cannot be analysed/],
  [
    'template:default/rca-analyze',
    /^entityRef: kind "template" cannot be analysed/,
  ],
  ['component:default/💥', /^entityRef: "💥" is not a valid entity name/],
  [
    'component:Not A Namespace/payments',
    /^entityRef: "Not A Namespace" is not a valid namespace/,
  ],
];

/** What POST /v1/analyses refuses, through the real plugin, before it stores or collects anything. */
describe('POST /api/rca/v1/analyses input', () => {
  it.each(BAD_WINDOWS)(
    'answers a window %s with 400 naming the field',
    async (_, from, to, message) => {
      standIn.requests.length = 0;
      const res = await post({
        entityRef: 'component:default/payments',
        window: { from, to },
      }).expect(400);
      expect(res.body.error).toMatchObject({ name: 'InputError' });
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message.length).toBeLessThan(300);
      // Nothing stored, nothing collected.
      const list = await request(server)
        .get('/api/rca/v1/analyses')
        .expect(200);
      expect(list.body.totalCount).toBe(0);
      expect(standIn.requests).toEqual([]);
    },
  );

  it.each(BAD_ENTITY_REFS)(
    'answers entityRef %s with 400 naming entityRef',
    async (entityRef, message) => {
      const res = await post({ entityRef, window: { last: '1h' } }).expect(400);
      expect(res.body.error.message).toMatch(message);
      const list = await request(server)
        .get('/api/rca/v1/analyses')
        .expect(200);
      expect(list.body.totalCount).toBe(0);
    },
  );
});

describe('POST /api/rca/v1/analyses input: incidents', () => {
  it('refuses incident keys with control characters, naming incidentKey', async () => {
    const res = await post({
      entityRef: 'payments',
      window: { last: '1h' },
      incidentKey: 'INC-1\u202eevil',
    }).expect(400);
    expect(res.body.error.message).toMatch(
      /^incidentKey: expected printable text/,
    );
  });

  it("does not let one entity's analysis squat another's incident", async () => {
    const from = new Date(Date.now() - 2 * hour);
    from.setUTCSeconds(0, 0);
    const window = {
      from: from.toISOString(),
      to: new Date(from.getTime() + hour).toISOString(),
    };
    const paymentsDefaultKey = `component:default/payments|${window.from.slice(
      0,
      16,
    )}|${window.to.slice(0, 16)}`;
    const ledger = await post({
      entityRef: 'component:default/ledger',
      window,
      incidentKey: paymentsDefaultKey,
      publish: false,
    }).expect(202);
    expect(ledger.body.existing).toBe(false);

    const payments = await post({
      entityRef: 'component:default/payments',
      window,
      publish: false,
    }).expect(202);
    expect(payments.body).toMatchObject({ existing: false });
    expect(payments.body.id).not.toBe(ledger.body.id);
    const done = await waitFor(payments.body.id);
    expect(done.entityRef).toBe('component:default/payments');
    expect(done.incidentKey).toBe(paymentsDefaultKey);
    expect((await waitFor(ledger.body.id)).incidentKey).toBe(
      `component:default/ledger#${paymentsDefaultKey}`,
    );

    // The same caller key on the same entity is still one incident.
    const again = await post({
      entityRef: 'ledger',
      window,
      incidentKey: paymentsDefaultKey,
      publish: false,
    }).expect(200);
    expect(again.body).toMatchObject({ id: ledger.body.id, existing: true });
  });
});
