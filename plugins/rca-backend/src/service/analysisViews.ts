import { parseEntityRef } from '@backstage/catalog-model';
import type {
  Analysis,
  AnalysisLinks,
  AnalysisSummary,
  CreateAnalysisResponse,
} from '@internal/plugin-rca-common';
import type { AnalysisRecord } from './AnalysisStore';

/** How stored analyses are answered: the REST contract of `@internal/plugin-rca-common`. */
export interface AnalysisViews {
  links(r: Pick<AnalysisRecord, 'id' | 'entityRef' | 'links'>): AnalysisLinks;
  /** The answer to POST: a new analysis (202) or the one already running for the incident (200). */
  accepted(r: AnalysisRecord, existing: boolean): CreateAnalysisResponse;
  /** `GET /v1/analyses/:id`: with the report and its Markdown. */
  full(r: AnalysisRecord): Analysis;
  /** An item of `GET /v1/analyses`: the root cause, not the report. */
  summary(r: AnalysisRecord): AnalysisSummary;
}

/**
 * @param base - the external base URL of the rca API
 * @param appBaseUrl - `app.baseUrl`, for the entity page link
 */
export function analysisViews(base: string, appBaseUrl: string): AnalysisViews {
  const links = (
    r: Pick<AnalysisRecord, 'id' | 'entityRef' | 'links'>,
  ): AnalysisLinks => {
    const { kind, namespace, name } = parseEntityRef(r.entityRef);
    return {
      ...r.links,
      self: `${base}/v1/analyses/${r.id}`,
      markdown: `${base}/v1/analyses/${r.id}/markdown`,
      entity: `${appBaseUrl}/catalog/${namespace}/${kind.toLowerCase()}/${name}`,
    };
  };
  const view = <R>(
    r: AnalysisRecord,
    result: (report: NonNullable<AnalysisRecord['report']>) => R,
  ) => ({
    id: r.id,
    entityRef: r.entityRef,
    incidentKey: r.incidentKey,
    status: r.status,
    window: r.request.window,
    title: r.request.title,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    progress: r.progress,
    ...(r.error ? { error: r.error } : {}),
    ...(r.report ? { result: result(r.report) } : {}),
    links: links(r),
  });
  return {
    links,
    accepted: (r, existing) => ({
      id: r.id,
      status: r.status,
      existing,
      links: links(r),
    }),
    full: r =>
      view(r, report => ({
        report,
        markdown: r.markdown,
        commitSha: r.commitSha,
        reportPath: r.reportPath,
      })),
    summary: r =>
      view(r, report => ({
        rootCause: report.rootCause,
        status: report.status,
        commitSha: r.commitSha,
        reportPath: r.reportPath,
      })),
  };
}
