import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { RcaReport } from '@internal/plugin-rca-common';
import type { Request } from 'express';
import type { AnalysisRecord } from './AnalysisStore';

/** A namespace read check, as `NamespaceAccess.check` answers it (denials are audited there). */
export type NamespaceReadCheck = (c: {
  credentials: BackstageCredentials;
  refs: Array<{ cluster: string; namespace: string }>;
  via: string;
  request?: Request;
}) => Promise<Array<{ allowed: boolean }>>;

/**
 * Report visibility follows the data: reading an analysis or a report needs read access to every
 * namespace it drew from. A report that does not record them (made before this check) is for
 * admins only, who are the ones allowed cluster-scope reads.
 */
export class ReportReadAccess {
  readonly #check: NamespaceReadCheck;
  readonly #clusters: string[];

  constructor(o: { check: NamespaceReadCheck; clusters: string[] }) {
    this.#check = o.check;
    this.#clusters = o.clusters;
  }

  async canReadReport(
    credentials: BackstageCredentials,
    report: Pick<RcaReport, 'access'>,
    request?: Request,
  ): Promise<boolean> {
    const refs = report.access
      ? report.access.namespaces
      : this.#clusters.map(cluster => ({ cluster, namespace: '' }));
    if (!refs.length) return !!report.access;
    return this.#readsAll(credentials, refs, 'report-read', request);
  }

  /**
   * A finished analysis: by its report. One still queued or running: its requester, or whoever
   * may read every namespace of the entity (`entityNamespaces` answers them, as the gate finds them).
   */
  async canReadAnalysis(
    credentials: BackstageCredentials,
    record: Pick<AnalysisRecord, 'report' | 'createdBy'>,
    entityNamespaces: () => Promise<
      Array<{ cluster: string; namespace: string }>
    >,
    request?: Request,
  ): Promise<boolean> {
    if (record.report)
      return this.canReadReport(credentials, record.report, request);
    const principal = credentials.principal as { userEntityRef?: string };
    if (record.createdBy && principal.userEntityRef === record.createdBy)
      return true;
    const refs = await entityNamespaces();
    if (!refs.length) return true;
    return this.#readsAll(credentials, refs, 'analysis-read', request);
  }

  async #readsAll(
    credentials: BackstageCredentials,
    refs: Array<{ cluster: string; namespace: string }>,
    via: string,
    request?: Request,
  ): Promise<boolean> {
    const decisions = await this.#check({ credentials, refs, via, request });
    return decisions.every(d => d.allowed);
  }
}
