import { mockCredentials } from '@backstage/backend-test-utils';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allEvents, waitFor } from '../__testUtils__/auditClient';
import { emitterPlugin } from '../__testUtils__/emitterPlugin';
import {
  AUDITOR,
  startAuditedBackend,
} from '../__testUtils__/startAuditedBackend';

jest.setTimeout(60_000);

/** The README's "denied actions of a user" query, run as written against the stand-in. */
const DENIED_ACTIONS_QUERY =
  '_time:24h actor.ref:="user:default/jane" event.outcome:="failure" meta.decision:="DENY"';

// One backend, with the same audit trail, for every block below.
const vl = new VictoriaLogsStandIn({ retentionMs: 7 * 86_400_000 });
let backend: Awaited<ReturnType<typeof startAuditedBackend>>;
const get = (path: string, who: string | null = AUDITOR) =>
  fetch(`${backend.url}${path}`, {
    headers: {
      authorization:
        who === null
          ? mockCredentials.none.header()
          : mockCredentials.user.header(who),
    },
  });
const send = (path: string, who: string, body?: object) =>
  fetch(`${backend.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: mockCredentials.user.header(who),
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });

beforeAll(async () => {
  await vl.start();
  backend = await startAuditedBackend({
    features: [emitterPlugin],
    config: { audit: { victoriaLogs: { url: vl.url, flushIntervalMs: 50 } } },
  });
  for (let i = 0; i < 3; i++)
    await send(`/api/emitter/things/t${i}`, 'user:default/jane', { i });
  await send('/api/emitter/things?q=x', 'user:default/bob');
  await send('/api/emitter/fail', 'user:default/bob', { message: 'boom' });
  // 5 calls: 5 API events and 5 plugin events.
  await waitFor(
    async () =>
      (await allEvents(backend.url, '&plugin=emitter')).length >= 10
        ? true
        : undefined,
    'the emitter events',
  );
});
afterAll(async () => {
  await backend.stop();
  await vl.stop();
});

describe('GET /api/audit/v1/events queries', () => {
  it('filters by actor, plugin, action, outcome and time', async () => {
    const bob = await (
      await get('/api/audit/v1/events?actor=user:default/bob&plugin=emitter')
    ).json();
    expect(bob.items.map((e: any) => e.event.action).sort()).toEqual([
      'emitter.thing-fail',
      'emitter.thing-search',
      'http.request',
      'http.request',
    ]);
    const failures = await (
      await get('/api/audit/v1/events?outcome=failure&plugin=emitter')
    ).json();
    expect(
      failures.items.map((e: any) => [e.event.action, e.response?.status]),
    ).toEqual([
      ['http.request', 500],
      ['emitter.thing-fail', undefined],
    ]);
    const updates = await (
      await get('/api/audit/v1/events?action=emitter.thing-update')
    ).json();
    expect(updates.items.map((e: any) => e.meta.id)).toEqual([
      't2',
      't1',
      't0',
    ]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await (
      await get(`/api/audit/v1/events?from=${encodeURIComponent(future)}`)
    ).json();
    expect(none.items).toEqual([]);
  });

  it('pages newest first without overlap', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await (
        await get(
          `/api/audit/v1/events?plugin=emitter&limit=2${
            cursor ? `&cursor=${cursor}` : ''
          }`,
        )
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e: any) => e.event.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const all = await (
      await get('/api/audit/v1/events?plugin=emitter&limit=500')
    ).json();
    expect(seen).toEqual(all.items.map((e: any) => e.event.id));
    expect(pages).toBe(Math.ceil(seen.length / 2));
    const times = all.items.map((e: any) => e._time);
    expect(times.length).toBeGreaterThan(5);
  });
});

describe('GET /api/audit/v1/events errors and permissions', () => {
  it('answers bad queries with the parameter at fault, and needs a signed-in caller', async () => {
    const bad = await get('/api/audit/v1/events?limit=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/limit/);
    const badTime = await get('/api/audit/v1/events?from=yesterday');
    expect(badTime.status).toBe(400);
    expect((await badTime.json()).error.message).toMatch(
      /from: expected an ISO 8601 time/,
    );
    expect((await get('/api/audit/v1/events', null)).status).toBe(401);
    expect((await get('/api/audit/health', null)).status).toBe(200);
  });

  it('refuses users without audit.events.read and records the denial, which the README query finds in VictoriaLogs', async () => {
    const denied = await get('/api/audit/v1/events', 'user:default/jane');
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.message).toMatch(/audit\.events\.read/);
    const denial = await waitFor(async () => {
      const trail = await (
        await get(
          '/api/audit/v1/events?actor=user:default/jane&outcome=failure',
        )
      ).json();
      return trail.items.find(
        (e: any) => e.event.action === 'audit.events-read',
      );
    }, 'the recorded denial');
    expect(denial).toMatchObject({
      plugin: 'audit',
      actor: { ref: 'user:default/jane', type: 'user' },
      event: { outcome: 'failure', severity: 'medium' },
      meta: {
        permission: 'audit.events.read',
        decision: 'DENY',
        error: { name: 'NotAllowedError' },
      },
    });

    // The README's LogsQL, verbatim, against what was shipped.
    const readme = readFileSync(
      resolve(__dirname, '../../../../README.md'),
      'utf8',
    );
    expect(readme).toContain(DENIED_ACTIONS_QUERY);
    const rows = await waitFor(async () => {
      const res = await fetch(
        `${vl.url}/select/logsql/query?query=${encodeURIComponent(
          DENIED_ACTIONS_QUERY,
        )}`,
      );
      expect(res.status).toBe(200);
      const found = (await res.text())
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l));
      return found.length ? found : undefined;
    }, 'the denial in VictoriaLogs');
    expect(rows.map(r => [r['event.action'], r['meta.permission']])).toEqual([
      ['audit.events-read', 'audit.events.read'],
    ]);
  });
});
