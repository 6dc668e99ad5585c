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
  created_at: string;
  updated_at: string;
};

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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Analyses in the plugin's database (SQLite locally, PostgreSQL in production). */
export class AnalysisStore {
  static async create(database: DatabaseService): Promise<AnalysisStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-rca-backend',
          'migrations',
        ),
      });
    }
    return new AnalysisStore(db);
  }

  private constructor(private readonly db: Knex) {}

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
        created_at: record.createdAt,
        updated_at: record.createdAt,
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
        updated_at: new Date().toISOString(),
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
  ): Promise<void> {
    const row: Partial<Row> = { updated_at: new Date().toISOString() };
    if (patch.status) row.status = patch.status;
    if (patch.progress) row.progress = JSON.stringify(patch.progress);
    if (patch.error) row.error = JSON.stringify(patch.error);
    if (patch.report) row.report = JSON.stringify(patch.report);
    if (patch.markdown !== undefined) row.markdown = patch.markdown;
    if (patch.commitSha) row.commit_sha = patch.commitSha;
    if (patch.reportPath) row.report_path = patch.reportPath;
    if (patch.links) row.links = JSON.stringify(patch.links);
    await this.db<Row>(TABLE).where({ id }).update(row);
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
   * Analyses left queued or running by a process that died: not touched for `staleMs`. They are
   * failed so a retry with the same incident key starts again.
   */
  async failStale(staleMs: number): Promise<number> {
    const before = new Date(Date.now() - staleMs).toISOString();
    return this.db<Row>(TABLE)
      .whereIn('status', ['queued', 'running'])
      .andWhere('updated_at', '<', before)
      .update({
        status: 'failed',
        error: JSON.stringify({
          name: 'Interrupted',
          message:
            'the backend stopped during the analysis; POST it again to retry',
        }),
        updated_at: new Date().toISOString(),
      });
  }
}
