import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/backend-test-kit';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { type AnalysisRecord, AnalysisStore } from './AnalysisStore';

const databases = createTestDatabases();
jest.setTimeout(60_000);

const record = (incidentKey: string): Omit<AnalysisRecord, 'updatedAt'> => ({
  id: randomUUID(),
  incidentKey,
  entityRef: 'component:default/payments',
  status: 'queued',
  request: {
    entityRef: 'component:default/payments',
    window: { from: '2026-12-07T10:00:00Z', to: '2026-12-07T11:00:00Z' },
  } as AnalysisRecord['request'],
  progress: [],
  links: {},
  createdAt: new Date().toISOString(),
});

/** Two replicas' stores on one database: the same tables, different lease owners. */
async function replicas(id: TestDatabaseId, leaseMs = 60_000) {
  const knex: Knex = await databases.init(id);
  const database = { getClient: async () => knex } as DatabaseService;
  const a = await AnalysisStore.create(database, { owner: 'a', leaseMs });
  const b = await AnalysisStore.create(database, { owner: 'b', leaseMs });
  return { a, b, knex };
}

const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())('AnalysisStore queue on %s', id => {
  it('lets only the accepting replica claim its queued analysis while its lease holds', async () => {
    const { a, b } = await replicas(id);
    const r = record('INC-1');
    expect(await a.insert(r)).toBe(true);
    expect(await b.claim([r.id])).toBeUndefined();
    expect(await a.claim([])).toBeUndefined(); // no credentials for it here: left alone
    const claimed = await a.claim([r.id]);
    expect(claimed).toMatchObject({ record: { id: r.id, status: 'running' } });
    expect(claimed!.attempts).toBe(1);
    expect(await a.claim([r.id])).toBeUndefined();
  });

  it('hands an analysis whose replica stopped renewing to another replica, and fences the first one out', async () => {
    const { a, b } = await replicas(id, 300);
    const r = record('INC-2');
    await a.insert(r);
    await a.claim([r.id]);
    expect(await b.claim([])).toBeUndefined();
    await wait(400);
    const taken = await b.claim([]);
    expect(taken).toMatchObject({ record: { id: r.id, status: 'running' } });
    expect(taken!.attempts).toBe(2);
    // The first replica learns it lost the lease and can no longer write the analysis.
    expect(await a.renewLeases([r.id])).toEqual(new Set());
    expect(
      await a.update(r.id, { status: 'completed', commitSha: 'x' }, 'lease'),
    ).toBe(false);
    expect(await b.update(r.id, { status: 'completed' }, 'lease')).toBe(true);
    expect(await a.get(r.id)).toMatchObject({ status: 'completed' });
    expect((await a.get(r.id))!.commitSha).toBeUndefined();
    expect(await a.claim([])).toBeUndefined();
  });

  it('keeps a lease alive while it is renewed', async () => {
    const { a, b } = await replicas(id, 300);
    const r = record('INC-3');
    await a.insert(r);
    await a.claim([r.id]);
    for (let i = 0; i < 4; i++) {
      await wait(150);
      expect(await a.renewLeases([r.id])).toEqual(new Set([r.id]));
      expect(await b.claim([])).toBeUndefined();
    }
  });

  it('re-queues what was running before leases existed (no owner) instead of failing it', async () => {
    const { a, knex } = await replicas(id);
    const r = record('INC-4');
    await a.insert(r);
    await knex('rca_analyses')
      .where({ id: r.id })
      .update({ status: 'running', lease_owner: null, lease_expires_at: null });
    expect(await a.claim([])).toMatchObject({ record: { id: r.id } });
  });
});

describe.each(databases.eachSupportedId())('AnalysisStore claims on %s', id => {
  it('never gives one analysis to two replicas claiming at once', async () => {
    const { a, b, knex } = await replicas(id);
    // Accepted by a replica whose leases expired at once: both others may claim everything.
    const dead = await AnalysisStore.create(
      { getClient: async () => knex } as DatabaseService,
      { owner: 'dead', leaseMs: 1 },
    );
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = record(`INC-RACE-${i}`);
      await dead.insert(r);
      ids.push(r.id);
    }
    await wait(5);
    const claimAll = async (s: AnalysisStore) => {
      const got: string[] = [];
      for (;;) {
        const c = await s.claim([]);
        if (!c) return got;
        got.push(c.record.id);
        await s.update(c.record.id, { status: 'completed' }, 'lease');
      }
    };
    const [fromA, fromB] = await Promise.all([claimAll(a), claimAll(b)]);
    expect([...fromA, ...fromB].sort()).toEqual([...ids].sort());
  });
});
