import type { RcaReport } from '../report';
import type {
  AnalysisLinks,
  AnalysisProgress,
  AnalysisStatus,
} from '../request';
import type { ResolvedWindow } from '../window';

/**
 * Options of every {@link RcaClient} call.
 *
 * @public
 */
export interface RcaRequestOptions {
  /** A Backstage token sent as `Authorization: Bearer`; absent when `fetchApi` adds it. */
  token?: string;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/**
 * Answer to `POST /v1/analyses`: a new analysis (`202`, `existing: false`) or the one already under
 * way for the same incident (`200`, `existing: true`).
 *
 * @public
 */
export interface CreateAnalysisResponse {
  id: string;
  status: AnalysisStatus;
  existing: boolean;
  links: AnalysisLinks;
}

/**
 * Why an analysis failed.
 *
 * @public
 */
export interface AnalysisError {
  name: string;
  message: string;
}

/**
 * The outcome of a finished analysis, as `GET /v1/analyses/:id` returns it.
 *
 * @public
 */
export interface AnalysisResult {
  report: RcaReport;
  markdown?: string;
  commitSha?: string;
  reportPath?: string;
}

/**
 * The outcome of a finished analysis, as `GET /v1/analyses` lists it.
 *
 * @public
 */
export interface AnalysisResultSummary {
  rootCause: RcaReport['rootCause'];
  status: RcaReport['status'];
  commitSha?: string;
  reportPath?: string;
}

/**
 * An analysis, as `GET /v1/analyses/:id` returns it.
 *
 * @public
 */
export interface Analysis {
  id: string;
  entityRef: string;
  /** Scoped to the entity: `<entityRef>#<key>`, or `<entityRef>|<from minute>|<to minute>`. */
  incidentKey: string;
  status: AnalysisStatus;
  window: ResolvedWindow;
  title?: string;
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
  progress: AnalysisProgress[];
  error?: AnalysisError;
  /** Present once the report is made. */
  result?: AnalysisResult;
  links: AnalysisLinks;
}

/**
 * An analysis, as `GET /v1/analyses` lists it: the result without the report itself.
 *
 * @public
 */
export interface AnalysisSummary extends Omit<Analysis, 'result'> {
  result?: AnalysisResultSummary;
}

/**
 * Query of `GET /v1/analyses`.
 *
 * @public
 */
export interface ListAnalysesRequest {
  /** `[kind:][namespace/]name`; kind defaults to `component`, namespace to `default`. */
  entityRef?: string;
  status?: AnalysisStatus;
  /** 1 to 100, default 20. */
  limit?: number;
  offset?: number;
}

/**
 * Answer to `GET /v1/analyses`, newest first. `totalCount` counts before the namespace check, so
 * `items` may be fewer than `limit`.
 *
 * @public
 */
export interface ListAnalysesResponse {
  items: AnalysisSummary[];
  totalCount: number;
  limit: number;
  offset: number;
}

/**
 * Links of a committed report.
 *
 * @public
 */
export interface CommittedReportLinks {
  /** The file, when `rca.reports.git.browseUrl` is set. */
  file?: string;
  /** The commit, when `rca.reports.git.browseUrl` is set. */
  commit?: string;
  /** The report entity's page. */
  entity: string;
  markdown: string;
}

/**
 * A committed report, read from Git, as `GET /v1/reports/:id` returns it.
 *
 * @public
 */
export interface CommittedReport {
  id: string;
  path: string;
  commitSha?: string;
  committedAt?: string;
  /** The whole file, front matter included. */
  markdown: string;
  /** The parsed front matter; absent when the file is malformed (then `error` says why). */
  report?: RcaReport;
  error?: string;
  links: CommittedReportLinks;
}
