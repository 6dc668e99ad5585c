import type {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ReportRepository } from '@internal/plugin-rca-node';
import express from 'express';
import Router from 'express-promise-router';
import type { AlertIntake } from '../alerts/AlertIntake';
import { addAlertRoutes } from './alertRoutes';
import { addAnalysisRoutes } from './analysisRoutes';
import type { AnalysisRunner } from './AnalysisRunner';
import {
  AnalysisService,
  type AnalysisServiceOptions,
} from './AnalysisService';
import type { AnalysisStore } from './AnalysisStore';
import { analysisViews } from './analysisViews';
import { type CanReadReport, ReadChecks } from './readChecks';
import { addReportRoutes } from './reportRoutes';

export interface RouterOptions
  extends Pick<
    AnalysisServiceOptions,
    'gateFor' | 'requestOptions' | 'canReadAnalysis'
  > {
  store: AnalysisStore;
  runner: AnalysisRunner;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  discovery: DiscoveryService;
  appBaseUrl: string;
  /** Committed reports, read from Git (they outlive the analyses table). */
  reports: ReportRepository;
  auditor: AuditorService;
  /** Whether the caller may read a committed report (every namespace it drew from). Absent: everyone may. */
  canReadReport?: CanReadReport;
  /** Accepts POST /v1/analyses. Default: one built from the options above. */
  analyses?: AnalysisService;
  /** Starts analyses from Alertmanager webhooks (POST /v1/alerts/alertmanager); absent: not served. */
  alerts?: (analyses: AnalysisService) => AlertIntake;
}

/** The REST API (`/v1/analyses`, `/v1/reports`, `/v1/alerts`), in the contract of `@internal/plugin-rca-common`. */
export async function createRouter(o: RouterOptions): Promise<express.Router> {
  const router = Router();
  const analyses = o.analyses ?? new AnalysisService(o);
  if (o.alerts)
    addAlertRoutes(router, {
      intake: o.alerts(analyses),
      httpAuth: o.httpAuth,
    });
  router.use(express.json({ limit: '64kb' }));
  const base = await o.discovery.getExternalBaseUrl('rca');
  const checks = new ReadChecks(o);
  addAnalysisRoutes(router, {
    analyses,
    store: o.store,
    views: analysisViews(base, o.appBaseUrl),
    checks,
  });
  addReportRoutes(router, {
    reports: o.reports,
    checks,
    base,
    appBaseUrl: o.appBaseUrl,
  });
  return router;
}
