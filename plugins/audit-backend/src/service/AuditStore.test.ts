import type { DatabaseService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '@internal/backend-test-kit';
import type { AuditEvent } from '@internal/plugin-audit-common';
import { randomUUID } from 'node:crypto';
import { AuditStore } from './AuditStore';

const databases = createTestDatabases();
jest.setTimeout(60_000);

const record = (n: number) => {
  const event: AuditEvent = {
    _time: new Date(Date.now() + n).toISOString(),
    _msg: `rca.analysis-create success ${n}`,
    event: {
      id: randomUUID(),
      action: 'rca.analysis-create',
      outcome: 'success',
      severity: 'medium',
    },
    actor: { type: 'user', ref: 'user:default/jane' },
    plugin: 'rca',
  };
  return { event, line: JSON.stringify(event) };
};

/** Two replicas' stores on one audit database. */
async function replicas(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const database = { getClient: async () => knex } as DatabaseService;
  return [
    await AuditStore.create({ database, maxPending: 10_000 }),
    await AuditStore.create({ database, maxPending: 10_000 }),
  ];
}

describe.each(databases.eachSupportedId())('AuditStore outbox on %s', id => {
  it('gives every pending row to exactly one of two replicas shipping at once', async () => {
    const [a, b] = await replicas(id);
    const records = Array.from({ length: 300 }, (_, n) => record(n));
    await a.insert(records, 'pending');
    // A replay of the same events (same ids) is not stored twice.
    await b.insert(records.slice(0, 50), 'pending');
    const drain = async (store: AuditStore, owner: string) => {
      const ids: string[] = [];
      for (;;) {
        const rows = await store.claim(owner, 25, 60_000);
        if (!rows.length) return ids;
        ids.push(...rows.map(r => r.id));
        await store.markShipped(rows.map(r => r.seq));
      }
    };
    const [fromA, fromB] = await Promise.all([drain(a, 'a'), drain(b, 'b')]);
    const shipped = [...fromA, ...fromB];
    expect(shipped).toHaveLength(300);
    expect(new Set(shipped).size).toBe(300);
    expect(await a.countPending()).toBe(0);
  });

  it('gives a claimed batch to another replica once its lease expires, and not before', async () => {
    const [a, b] = await replicas(id);
    await a.insert([record(1), record(2)], 'pending');
    const claimed = await a.claim('a', 10, 200);
    expect(claimed).toHaveLength(2);
    expect(await b.claim('b', 10, 200)).toEqual([]);
    await new Promise(r => setTimeout(r, 300));
    const taken = await b.claim('b', 10, 60_000);
    expect(taken.map(r => r.id)).toEqual(claimed.map(r => r.id));
  });
});
