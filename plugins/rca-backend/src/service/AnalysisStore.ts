import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  AnalysisLinks,
  AnalysisProgress,
  AnalysisRequest,
  AnalysisStatus,
  RcaReport,
  ResolvedWindow,
} from '@internal/plugin-rca-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { RequesterScope } from './RequesterScope';

const TABLE = 'rca_analyses';
/** What a listing needs of a row; the result columns are read only where the result is shown. */
const SUMMARY_COLUMNS = [
  'id',
  'incident_key',
  'entity_ref',
  'status',
  'request',
  'progress',
  'links',
  'created_by',
  'created_at',
  'updated_at',
] as const;
const RESULT_COLUMNS = [
  'error',
  'report',
  'commit_sha',
  'report_path',
] as const;

export interface StoredRequest extends Omit<AnalysisRequest, 'window'> {
  window: ResolvedWindow;
  /** `alert`: started by the alert webhook (its owner is notified); absent: by a person or plugin. */
  origin?: 'alert';
}

export interface AnalysisRecord {
  id: string;
  incidentKey: string;
  entityRef: string;
  status: AnalysisStatus;
  request: StoredRequest;
  progress: AnalysisProgress[];
  error?: { name: string; message: string };
  report?: RcaReport;
  markdown?: string;
  commitSha?: string;
  reportPath?: string;
  links: Partial<AnalysisLinks>;
  createdBy?: string;
  /** What the requester may read, kept for a replica that takes the analysis over. */
  requesterScope?: RequesterScope;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  incident_key: string;
  entity_ref: string;
  status: string;
  request: string;
  progress: string;
  error: string | null;
  report: string | null;
  markdown: string | null;
  commit_sha: string | null;
  report_path: string | null;
  links: string | null;
  created_by: string | null;
  requester_scope: string | null;
  created_at: string;
  updated_at: string;
  lease_owner: string | null;
  /** Epoch ms; a string from PostgreSQL's bigint. */
  lease_expires_at: number | string | null;
  attempts: number;
};

/** Who the store claims analyses for, and for how long a claim holds without renewal. */
export interface AnalysisLeaseOptions {
  /** This replica, unique per process. Default: a random id. */
  owner?: string;
  /** How long a lease holds without renewal (ms). Default 30000. */
  leaseMs?: number;
}

/** An analysis this replica now holds the lease of. */
export interface ClaimedAnalysis {
  record: AnalysisRecord;
  /** 1 on the first run; more when taken over from a replica that stopped renewing its lease. */
  attempts: number;
}

function fromRow(r: Row): AnalysisRecord {
  return {
    id: r.id,
    incidentKey: r.incident_key,
    entityRef: r.entity_ref,
    status: r.status as AnalysisStatus,
    request: JSON.parse(r.request),
    progress: JSON.parse(r.progress),
    error: r.error ? JSON.parse(r.error) : undefined,
    report: r.report ? JSON.parse(r.report) : undefined,
    markdown: r.markdown ?? undefined,
    commitSha: r.commit_sha ?? undefined,
    reportPath: r.report_path ?? undefined,
    links: r.links ? JSON.parse(r.links) : {},
    createdBy: r.created_by ?? undefined,
    requesterScope: r.requester_scope
      ? JSON.parse(r.requester_scope)
      : undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Analyses in the plugin's database (SQLite locally, PostgreSQL in production). The table is also
 * the queue of every replica: an analysis is leased to the replica that accepted it, and whoever
 * finds a lease expired (its replica died) claims the analysis and runs it again.
 */
export class AnalysisStore {
  /** This replica's name on the leases it holds. */
  readonly owner: string;
  readonly leaseMs: number;

  static async create(
    database: DatabaseService,
    lease: AnalysisLeaseOptions = {},
  ): Promise<AnalysisStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-rca-backend',
          'migrations',
        ),
      });
    }
    return new AnalysisStore(db, lease);
  }

  private constructor(private readonly db: Knex, lease: AnalysisLeaseOptions) {
    this.owner = lease.owner ?? `rca-${randomUUID()}`;
    this.leaseMs = lease.leaseMs ?? 30_000;
  }

  /** Inserts a queued analysis; returns false when the incident key already exists. */
  async insert(record: Omit<AnalysisRecord, 'updatedAt'>): Promise<boolean> {
    try {
      await this.db<Row>(TABLE).insert({
        id: record.id,
        incident_key: record.incidentKey,
        entity_ref: record.entityRef,
        status: record.status,
        request: JSON.stringify(record.request),
        progress: JSON.stringify(record.progress),
        links: JSON.stringify(record.links),
        created_by: record.createdBy ?? null,
        requester_scope: record.requesterScope
          ? JSON.stringify(record.requesterScope)
          : null,
        created_at: record.createdAt,
        updated_at: record.createdAt,
        // Leased from the start: the accepting replica holds the requester's credentials.
        lease_owner: this.owner,
        lease_expires_at: Date.now() + this.leaseMs,
      });
      return true;
    } catch (e) {
      if (/unique|duplicate/i.test(String((e as Error)?.message))) return false;
      throw e;
    }
  }

  async get(id: string): Promise<AnalysisRecord | undefined> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * The newest analysis of the entity, not failed, whose window covers `at` (among its 20 newest):
   * another alert of an incident already under analysis.
   */
  async findCovering(
    entityRef: string,
    at: Date,
  ): Promise<AnalysisRecord | undefined> {
    const rows = await this.db<Row>(TABLE)
      .select(...SUMMARY_COLUMNS)
      .where({ entity_ref: entityRef })
      .whereNot({ status: 'failed' })
      .orderBy('created_at', 'desc')
      .limit(20);
    const t = at.getTime();
    const found = rows
      .map(r => fromRow(r as Row))
      .find(r => {
        const { from, to } = r.request.window;
        return Date.parse(from) <= t && t <= Date.parse(to);
      });
    return found;
  }

  async getByIncidentKey(key: string): Promise<AnalysisRecord | undefined> {
    const row = await this.db<Row>(TABLE).where({ incident_key: key }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Restarts a failed analysis in place (same id), for a retry with the same incident key. */
  async requeue(
    id: string,
    request: StoredRequest,
    createdBy?: string,
    requesterScope?: RequesterScope,
  ): Promise<boolean> {
    const count = await this.db<Row>(TABLE)
      .where({ id, status: 'failed' })
      .update({
        status: 'queued',
        request: JSON.stringify(request),
        progress: '[]',
        error: null,
        report: null,
        markdown: null,
        commit_sha: null,
        report_path: null,
        created_by: createdBy ?? null,
        requester_scope: requesterScope ? JSON.stringify(requesterScope) : null,
        updated_at: new Date().toISOString(),
        lease_owner: this.owner,
        lease_expires_at: Date.now() + this.leaseMs,
        attempts: 0,
      });
    return count === 1;
  }

  async update(
    id: string,
    patch: Partial<
      Pick<
        AnalysisRecord,
        | 'status'
        | 'progress'
        | 'error'
        | 'report'
        | 'markdown'
        | 'commitSha'
        | 'reportPath'
        | 'links'
      >
    >,
    fence?: 'lease',
  ): Promise<boolean> {
    const row: Partial<Row> = { updated_at: new Date().toISOString() };
    if (patch.status) row.status = patch.status;
    if (patch.progress) row.progress = JSON.stringify(patch.progress);
    if (patch.error) row.error = JSON.stringify(patch.error);
    if (patch.report) row.report = JSON.stringify(patch.report);
    if (patch.markdown !== undefined) row.markdown = patch.markdown;
    if (patch.commitSha) row.commit_sha = patch.commitSha;
    if (patch.reportPath) row.report_path = patch.reportPath;
    if (patch.links) row.links = JSON.stringify(patch.links);
    // A finished analysis holds no lease: nothing may claim it again.
    if (patch.status === 'completed' || patch.status === 'failed')
      row.lease_expires_at = null;
    const q = this.db<Row>(TABLE).where({ id });
    // Fenced: a replica whose lease was taken over writes nothing more to the analysis.
    if (fence) q.andWhere({ lease_owner: this.owner });
    return (await q.update(row)) > 0;
  }

  async list(options: {
    entityRef?: string;
    status?: AnalysisStatus;
    limit: number;
    offset: number;
  }) {
    const base = () => {
      const q = this.db<Row>(TABLE);
      if (options.entityRef) q.where({ entity_ref: options.entityRef });
      if (options.status) q.where({ status: options.status });
      return q;
    };
    const [{ count }] = await base().count({ count: '*' });
    const rows = await base()
      .select(...SUMMARY_COLUMNS, ...RESULT_COLUMNS)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .offset(options.offset);
    return {
      items: rows.map(r => fromRow({ ...r, markdown: null } as Row)),
      totalCount: Number(count),
    };
  }

  /**
   * Claims the oldest analysis this replica may run: its own queued ones in `ownIds` (those it
   * holds the requester's credentials of), and any queued or running one whose lease expired (its
   * replica died) or that has no owner. One statement, so two replicas never claim the same row;
   * on PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED`, so concurrent claims
   * pass each other instead of queueing.
   */
  async claim(ownIds: string[]): Promise<ClaimedAnalysis | undefined> {
    const now = Date.now();
    const claimable = (q: Knex.QueryBuilder) =>
      q
        .where(queued =>
          queued.where('status', 'queued').andWhere(free =>
            free
              .where(own =>
                own.where('lease_owner', this.owner).whereIn('id', ownIds),
              )
              .orWhereNull('lease_owner')
              .orWhereNull('lease_expires_at')
              .orWhere('lease_expires_at', '<', now),
          ),
        )
        .orWhere(running =>
          running
            .where('status', 'running')
            .andWhere(expired =>
              expired
                .whereNull('lease_expires_at')
                .orWhere('lease_expires_at', '<', now),
            ),
        );
    const candidate = this.db(TABLE)
      .select('id')
      .where(claimable)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(1);
    if (this.db.client.config.client === 'pg')
      candidate.forUpdate().skipLocked();
    const [row] = (await this.db(TABLE)
      .where('id', candidate)
      .andWhere(claimable)
      .update({
        status: 'running',
        lease_owner: this.owner,
        lease_expires_at: now + this.leaseMs,
        attempts: this.db.raw('attempts + 1'),
        updated_at: new Date(now).toISOString(),
      })
      .returning('*')) as Row[];
    return row && { record: fromRow(row), attempts: Number(row.attempts) };
  }

  /**
   * Renews the leases of `ids` this replica still holds; returns the ids of the running analyses
   * it holds (one missing from it was taken over: its run must stop).
   */
  async renewLeases(ids: string[]): Promise<Set<string>> {
    const now = Date.now();
    await this.db<Row>(TABLE)
      .where({ lease_owner: this.owner })
      .whereIn('id', ids)
      .whereIn('status', ['queued', 'running'])
      .update({ lease_expires_at: now + this.leaseMs });
    const held = await this.db<Row>(TABLE)
      .select('id')
      .where({ lease_owner: this.owner, status: 'running' });
    return new Set(held.map(r => r.id));
  }
}
