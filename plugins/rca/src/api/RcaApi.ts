import { createApiRef } from '@backstage/frontend-plugin-api';
import type { RcaReport } from '@internal/plugin-rca-common';

/** A committed report as `GET /api/rca/v1/reports/:id` returns it. */
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
  links: { file?: string; commit?: string; entity: string; markdown: string };
}

/** @public */
export interface RcaApi {
  getReport(analysisId: string): Promise<CommittedReport>;
}

/** @public */
export const rcaApiRef = createApiRef<RcaApi>({ id: 'plugin.rca.service' });
