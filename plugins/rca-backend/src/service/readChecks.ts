import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { auditDenial } from '@internal/plugin-audit-node';
import {
  type RcaReport,
  rcaReportReadPermission,
} from '@internal/plugin-rca-common';
import type express from 'express';
import type { AnalysisRecord } from './AnalysisStore';
import {
  EXTERNAL_SERVICE_REFUSAL,
  isExternalService,
} from './externalServices';

/**
 * Whether the caller may read an analysis (every namespace it draws from).
 * The router's `canReadAnalysis` option.
 */
export type CanReadAnalysis = (
  credentials: BackstageCredentials,
  record: AnalysisRecord,
  request?: express.Request,
) => Promise<boolean>;

/** Whether the caller may read a committed report. The router's `canReadReport` option. */
export type CanReadReport = (
  credentials: BackstageCredentials,
  report: Pick<RcaReport, 'access'>,
  request?: express.Request,
) => Promise<boolean>;

export interface ReadChecksOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Absent: everyone may. */
  canReadAnalysis?: CanReadAnalysis;
  /** Absent: everyone may. */
  canReadReport?: CanReadReport;
}

/** What every read route checks: `rca.report.read`, then the namespaces of what it answers with. */
export class ReadChecks {
  readonly #o: ReadChecksOptions;

  constructor(options: ReadChecksOptions) {
    this.#o = options;
  }

  /** A user or a plugin; a service from outside the backend is refused (audited as `eventId`). */
  async caller(
    req: express.Request,
    denial: { eventId: string; permission: string },
  ): Promise<BackstageCredentials> {
    const credentials = await this.#o.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (isExternalService(credentials))
      throw await auditDenial(this.#o.auditor, {
        ...denial,
        message: EXTERNAL_SERVICE_REFUSAL,
        request: req,
      });
    return credentials;
  }

  /** The caller, if it holds `rca.report.read`; a denial is audited. */
  async reader(req: express.Request): Promise<BackstageCredentials> {
    const credentials = await this.caller(req, {
      eventId: 'report-read',
      permission: rcaReportReadPermission.name,
    });
    const [decision] = await this.#o.permissions.authorize(
      [{ permission: rcaReportReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw await auditDenial(this.#o.auditor, {
        eventId: 'report-read',
        permission: rcaReportReadPermission.name,
        message: 'You are not allowed to read RCA reports (rca.report.read)',
        request: req,
      });
    return credentials;
  }

  async mayReadAnalysis(
    credentials: BackstageCredentials,
    record: AnalysisRecord,
    req: express.Request,
  ): Promise<boolean> {
    const { canReadAnalysis } = this.#o;
    return !canReadAnalysis || canReadAnalysis(credentials, record, req);
  }

  async mayReadReport(
    credentials: BackstageCredentials,
    report: Pick<RcaReport, 'access'>,
    req: express.Request,
  ): Promise<boolean> {
    const { canReadReport } = this.#o;
    return !canReadReport || canReadReport(credentials, report, req);
  }

  /** The namespace check audits the denial; the answer names nothing of the report. */
  static notReadable(): NotAllowedError {
    return new NotAllowedError(
      'This analysis draws on Kubernetes namespaces you may not read (kubernetes.namespace.read)',
    );
  }
}
