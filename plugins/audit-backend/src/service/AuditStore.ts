import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { AuditEvent } from '@internal/plugin-audit-common';
import type { Knex } from 'knex';
import type { AuditRecord } from './AuditHub';

const TABLE = 'audit_events';
const migrationsDir = resolvePackagePath(
  '@internal/plugin-audit-backend',
  'migrations',
);

export type RowState = 'pending' | 'shipped' | 'rejected' | 'local';

export interface ClaimedRow {
  seq: number;
  id: string;
  timeMs: number;
  attempts: number;
  payload: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  outcome?: string;
  plugin?: string;
  fromMs?: number;
  toMs?: number;
  /** Rows older than this cursor (the `seq` of the last row of the previous page). */
  before?: number;
  limit: number;
}

/**
 * The audit trail in the plugin's database. It is also the outbox: rows start `pending` and the
 * shipper claims them in order (a lease, so several backend replicas never send the same batch
 * at once), then marks them `shipped`. Writing is bounded: past `maxPending` waiting rows, new
 * events are refused and the caller raises the alarm.
 */
export class AuditStore {
  #pending = 0;

  static async create(options: {
    database: DatabaseService;
    maxPending: number;
  }): Promise<AuditStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip)
      await db.migrate.latest({ directory: migrationsDir });
    const store = new AuditStore(db, options.maxPending);
    await store.countPending();
    return store;
  }

  private constructor(private readonly db: Knex, readonly maxPending: number) {}

  /** Waiting rows as last counted plus what this process added since. */
  get pending(): number {
    return this.#pending;
  }

  async countPending(): Promise<number> {
    const [row] = await this.db(TABLE)
      .where('state', 'pending')
      .count({ n: '*' });
    this.#pending = Number(row.n);
    return this.#pending;
  }

  /** Inserts in order; returns how many did not fit under `maxPending`. Replays are ignored. */
  async insert(
    records: AuditRecord[],
    state: RowState,
  ): Promise<{ inserted: number; refused: number }> {
    let accepted = records;
    if (state === 'pending') {
      const room = Math.max(0, this.maxPending - this.#pending);
      accepted = records.slice(0, room);
    }
    const rows = accepted.map(({ event, line }) => ({
      id: event.event.id,
      time_ms: Date.parse(event._time),
      plugin: event.plugin,
      action: event.event.action,
      outcome: event.event.outcome,
      severity: event.event.severity,
      actor_ref: event.actor.ref ?? null,
      state,
      payload: line,
    }));
    await this.db.transaction(async trx => {
      // 9 columns a row: 200 rows stay far below SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 200)
        await trx(TABLE)
          .insert(rows.slice(i, i + 200))
          .onConflict('id')
          .ignore();
    });
    if (state === 'pending') this.#pending += rows.length;
    return {
      inserted: rows.length,
      refused: records.length - accepted.length,
    };
  }

  /** Takes the oldest unclaimed pending rows for `leaseMs`. */
  async claim(
    owner: string,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedRow[]> {
    const now = Date.now();
    return this.db.transaction(async trx => {
      let q = trx(TABLE)
        .select('seq')
        .where('state', 'pending')
        .andWhere(b =>
          b.whereNull('claimed_until').orWhere('claimed_until', '<', now),
        )
        .orderBy('seq')
        .limit(limit);
      if (this.db.client.config.client === 'pg') q = q.forUpdate().skipLocked();
      const seqs = (await q).map(r => Number(r.seq));
      if (!seqs.length) return [];
      await trx(TABLE)
        .whereIn('seq', seqs)
        .update({ claimed_until: now + leaseMs, claimed_by: owner });
      const rows = await trx(TABLE)
        .select('seq', 'id', 'time_ms', 'attempts', 'payload')
        .whereIn('seq', seqs)
        .orderBy('seq');
      return rows.map(r => ({
        seq: Number(r.seq),
        id: r.id,
        timeMs: Number(r.time_ms),
        attempts: Number(r.attempts),
        payload: r.payload,
      }));
    });
  }

  async markShipped(seqs: number[]): Promise<void> {
    await this.#finish(seqs, { state: 'shipped', last_error: null });
  }

  /** Back to the queue for the next attempt. */
  async release(seqs: number[], error: string): Promise<void> {
    await this.#update(seqs, {
      claimed_until: null,
      claimed_by: null,
      last_error: error.slice(0, 1000),
      attempts: this.db.raw('attempts + 1'),
    });
  }

  /** Given up on (VictoriaLogs refused them repeatedly); kept for the query API. */
  async reject(seqs: number[], error: string): Promise<void> {
    await this.#finish(seqs, {
      state: 'rejected',
      last_error: error.slice(0, 1000),
    });
  }

  async list(
    q: AuditQuery,
  ): Promise<{ items: AuditEvent[]; nextCursor?: number }> {
    let query = this.db(TABLE)
      .select('seq', 'payload')
      .orderBy('seq', 'desc')
      .limit(q.limit + 1);
    if (q.actor) query = query.where('actor_ref', q.actor);
    if (q.action) query = query.where('action', q.action);
    if (q.outcome) query = query.where('outcome', q.outcome);
    if (q.plugin) query = query.where('plugin', q.plugin);
    if (q.fromMs !== undefined) query = query.where('time_ms', '>=', q.fromMs);
    if (q.toMs !== undefined) query = query.where('time_ms', '<', q.toMs);
    if (q.before !== undefined) query = query.where('seq', '<', q.before);
    const rows = await query;
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(r => JSON.parse(r.payload)),
      ...(rows.length > q.limit
        ? { nextCursor: Number(page[page.length - 1].seq) }
        : {}),
    };
  }

  /** Deletes delivered rows older than `beforeMs`; pending ones are never purged. */
  async purge(beforeMs: number): Promise<number> {
    return this.db(TABLE)
      .whereNot('state', 'pending')
      .andWhere('time_ms', '<', beforeMs)
      .delete();
  }

  /** Ends pending rows (shipped or rejected) and keeps the depth in step. */
  async #finish(seqs: number[], update: Record<string, unknown>) {
    const n = await this.#update(
      seqs,
      { ...update, claimed_until: null, claimed_by: null },
      'pending',
    );
    this.#pending = Math.max(0, this.#pending - n);
  }

  /** One UPDATE per 500 rows, under SQLite's bound-parameter limit; returns rows changed. */
  async #update(
    seqs: number[],
    update: Record<string, unknown>,
    onlyState?: RowState,
  ): Promise<number> {
    let changed = 0;
    for (let i = 0; i < seqs.length; i += 500) {
      let q = this.db(TABLE).whereIn('seq', seqs.slice(i, i + 500));
      if (onlyState) q = q.andWhere('state', onlyState);
      changed += await q.update(update);
    }
    return changed;
  }
}
