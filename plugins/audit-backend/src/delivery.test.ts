import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allEvents,
  as,
  auditStatus as status,
  waitFor,
} from './__testUtils__/auditClient';
import { emitterPlugin } from './__testUtils__/emitterPlugin';
import { freePort } from '@internal/backend-test-kit';
import { startAuditedBackend } from './__testUtils__/startAuditedBackend';

jest.setTimeout(90_000);

async function send(url: string, prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/emitter/things/${prefix}${i}`, {
      method: 'POST',
      headers: {
        authorization: as('user:default/jane'),
        'content-type': 'application/json',
        'x-request-id': `${prefix}-${i}`,
      },
      body: JSON.stringify({ n: i }),
    });
    expect(res.status).toBe(201);
  }
}

async function shippedRows(vl: VictoriaLogsStandIn) {
  const text = await (
    await fetch(`${vl.url}/select/logsql/query?query=*`)
  ).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l));
}

/** Every event the backend recorded reached VictoriaLogs, and once after de-duplication by id. */
async function expectEveryEventShippedOnce(
  backendUrl: string,
  vl: VictoriaLogsStandIn,
) {
  const stored = await allEvents(backendUrl);
  const rows = await shippedRows(vl);
  const byId = new Map<string, any>();
  for (const r of rows) byId.set(r['event.id'], r);
  // Every event the backend recorded (except the status reads still in flight) was accepted.
  const recorded = stored.filter(
    e =>
      e.event.action !== 'audit.events-read' &&
      !(e.request?.path ?? '').startsWith('/api/audit/'),
  );
  for (const e of recorded) expect(byId.has(e.event.id)).toBe(true);
  const requestIds = new Set(
    [...byId.values()]
      .filter(r => r['event.action'] === 'http.request')
      .map(r => r['request.id']),
  );
  for (const prefix of ['before', 'outage', 'restarted'])
    for (let i = 0; i < 20; i++) expect(requestIds).toContain(`${prefix}-${i}`);
  // And each exactly once once de-duplicated; the fields arrive as VictoriaLogs flattens them.
  const thingUpdates = [...byId.values()].filter(
    r => r['event.action'] === 'emitter.thing-update',
  );
  expect(thingUpdates).toHaveLength(60);
  expect(thingUpdates[0]).toMatchObject({
    plugin: 'emitter',
    'event.severity': 'medium',
    'actor.ref': 'user:default/jane',
    _stream: '{plugin="emitter",event.severity="medium"}',
  });
}

// Each test gets its own database directory.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('delivery to VictoriaLogs', () => {
  it('survives an outage spanning a backend restart: every event arrives, and once after de-duplication by id', async () => {
    const vl = new VictoriaLogsStandIn({ retentionMs: 7 * 86_400_000 });
    const vlPort = await freePort();
    await vl.start(vlPort);
    const config = {
      audit: {
        victoriaLogs: {
          url: vl.url,
          flushIntervalMs: 100,
          maxBackoffMs: 400,
          batchSize: 25,
        },
      },
    };
    const features = [emitterPlugin];
    let backend = await startAuditedBackend({
      databaseDir: dir,
      features,
      config,
    });
    try {
      await send(backend.url, 'before', 20);
      await waitFor(
        async () => ((await shippedRows(vl)).length >= 40 ? true : undefined),
        'the first 40 events to ship',
      );

      // Outage: VictoriaLogs goes away; events pile up in the outbox.
      await vl.stop();
      await send(backend.url, 'outage', 20);
      const during = await waitFor(async () => {
        const s = await status(backend.url);
        return s.events.failed > 0 && s.outbox.depth >= 40 ? s : undefined;
      }, 'failed deliveries with the outage events waiting');
      expect(during.shipping).toBe('victorialogs');

      // The backend restarts while VictoriaLogs is still down: the outbox is on disk.
      await backend.stop();
      backend = await startAuditedBackend({
        databaseDir: dir,
        features,
        config,
      });
      const afterRestart = await status(backend.url);
      expect(afterRestart.outbox.depth).toBeGreaterThanOrEqual(40);
      await send(backend.url, 'restarted', 20);

      // VictoriaLogs is back on its address: the outbox drains.
      await vl.start(vlPort);
      await waitFor(async () => {
        const st = await status(backend.url);
        return st.outbox.depth === 0 && st.buffered <= 1 ? true : undefined;
      }, 'the outbox to drain');

      await expectEveryEventShippedOnce(backend.url, vl);
      expect(vl.requests.some(r => r.encoding === 'gzip')).toBe(true);
    } finally {
      await backend.stop();
      await vl.stop();
    }
  });
});

describe('delivery to VictoriaLogs with a full outbox', () => {
  it('raises the alarm and counts what it drops when the outbox is full', async () => {
    const port = await freePort(); // nothing listens here: VictoriaLogs is down throughout
    const backend = await startAuditedBackend({
      databaseDir: dir,
      features: [emitterPlugin],
      config: {
        audit: {
          outbox: { maxEvents: 10 },
          victoriaLogs: {
            url: `http://127.0.0.1:${port}`,
            flushIntervalMs: 100,
          },
        },
      },
    });
    try {
      await send(backend.url, 'flood', 10);
      const s = await waitFor(async () => {
        const r = await status(backend.url);
        // The figures settle between writes; silently lost events would keep them apart forever.
        return r.outbox.full &&
          r.events.emitted === r.outbox.depth + r.buffered + r.events.dropped
          ? r
          : undefined;
      }, 'the outbox alarm, with every event accounted for');
      expect(s.outbox).toMatchObject({ depth: 10, max: 10, full: true });
      expect(s.events.dropped).toBeGreaterThan(0);
      // Nothing unaccounted for: each event is waiting, in memory on its way, or counted as dropped.
      expect(s.events.emitted).toBe(
        s.outbox.depth + s.buffered + s.events.dropped,
      );
    } finally {
      await backend.stop();
    }
  });
});
