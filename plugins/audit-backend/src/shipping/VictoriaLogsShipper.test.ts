import type { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/backend-test-kit';
import type { AuditEvent } from '@internal/plugin-audit-common';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import type { Knex } from 'knex';
import { createServer, type Server } from 'node:http';
import { AuditStore } from '../service/AuditStore';
import { AuditMetrics } from '../service/metrics';
import { VictoriaLogsShipper } from './VictoriaLogsShipper';

const event = (
  time: Date,
  msg = 'rca.analysis-create success',
): AuditEvent => ({
  _time: time.toISOString(),
  _msg: msg,
  event: {
    id: crypto.randomUUID(),
    action: 'rca.analysis-create',
    outcome: 'success',
    severity: 'medium',
  },
  actor: { type: 'user', ref: 'user:default/jane' },
  plugin: 'rca',
});

const options = {
  headers: {},
  streamFields: ['plugin', 'event.severity'],
  batchSize: 100,
  flushIntervalMs: 50,
  timeoutMs: 2000,
  maxBackoffMs: 100,
  maxAttempts: 2,
  retentionMs: 7 * 86_400_000,
  maxLineBytes: 256 * 1024,
};

// Each test gets a fresh audit database, on SQLite and on PostgreSQL.
const databases = createTestDatabases();
let knex: Knex;
let store: AuditStore;
const useDatabase = (id: TestDatabaseId) =>
  beforeEach(async () => {
    knex = await databases.init(id);
    store = await AuditStore.create({
      database: { getClient: async () => knex } as DatabaseService,
      maxPending: 1000,
    });
  });

const put = (...events: AuditEvent[]) =>
  store.insert(
    events.map(e => ({ event: e, line: JSON.stringify(e) })),
    'pending',
  );

describe.each(databases.eachSupportedId())(
  'VictoriaLogsShipper retention on %s',
  id => {
    useDatabase(id);
    it('re-times events older than the VictoriaLogs retention instead of letting the server drop them', async () => {
      const vl = new VictoriaLogsStandIn({ retentionMs: options.retentionMs });
      await vl.start();
      try {
        const old = new Date(Date.now() - 10 * 86_400_000);
        await put(event(old, 'from before a long outage'), event(new Date()));
        const metrics = new AuditMetrics();
        const shipper = new VictoriaLogsShipper({
          store,
          options: { ...options, url: vl.url },
          metrics,
          logger: mockServices.logger.mock(),
        });
        expect(await shipper.shipOnce()).toBe(2);
        expect(vl.droppedRows).toBe(0);
        const rows = (
          await (await fetch(`${vl.url}/select/logsql/query?query=*`)).text()
        )
          .trim()
          .split('\n')
          .map(l => JSON.parse(l));
        const late = rows.find(r => r._msg === 'from before a long outage');
        expect(late['meta.originalTime']).toBe(old.toISOString());
        expect(Date.parse(late._time)).toBeGreaterThan(Date.now() - 60_000);
        expect(metrics.counts.shipped).toBe(2);
        expect(await store.countPending()).toBe(0);
      } finally {
        await vl.stop();
      }
    });
  },
);

describe.each(databases.eachSupportedId())(
  'VictoriaLogsShipper refusals and outages on %s',
  id => {
    useDatabase(id);
    it('gives up on a batch VictoriaLogs refuses as malformed after maxAttempts, and keeps retrying outages', async () => {
      let status = 400;
      const server: Server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(status === 400 ? 'cannot parse JSON line' : 'unavailable');
        });
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as any).port}`;
      try {
        const metrics = new AuditMetrics();
        const logger = mockServices.logger.mock();
        const shipper = new VictoriaLogsShipper({
          store,
          options: { ...options, url },
          metrics,
          logger,
        });
        await put(event(new Date()));
        await expect(shipper.shipOnce()).rejects.toThrow(
          /answered 400: cannot parse JSON line/,
        );
        expect(await store.countPending()).toBe(1); // first refusal: kept for another attempt
        await expect(shipper.shipOnce()).rejects.toThrow(/400/);
        expect(await store.countPending()).toBe(0);
        expect(metrics.counts.failed).toBe(2);
        expect(logger.error).toHaveBeenCalledWith(
          expect.stringMatching(
            /refused 1 audit events 2 times; they stay in the audit database/,
          ),
        );
        const [row] = await knex('audit_events').select('state', 'last_error');
        expect(row).toEqual({
          state: 'rejected',
          last_error: expect.stringContaining('400'),
        });

        // A 503 is an outage, not a bad event: never given up on.
        status = 503;
        await put(event(new Date()));
        for (let i = 0; i < 4; i++)
          await expect(shipper.shipOnce()).rejects.toThrow(/503/);
        expect(await store.countPending()).toBe(1);
      } finally {
        server.close();
      }
    });
  },
);
