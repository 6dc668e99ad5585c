import type {
  AuditorService,
  BackstageCredentials,
  DiscoveryService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { auditDenial } from '@internal/plugin-audit-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type AnalysisLinks,
  describeSchemaError,
  rcaAnalysisCreatePermission,
  parseReportMarkdown,
  type RcaReport,
  rcaReportReadPermission,
  quoteInput,
  reportEntityRef,
} from '@internal/plugin-rca-common';
import {
  kubernetesSelectorOf,
  type NamespaceGate,
  type ReportRepository,
} from '@internal/plugin-rca-node';
import express from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AnalysisRunner } from './AnalysisRunner';
import type { AnalysisRecord, AnalysisStore } from './AnalysisStore';
import {
  type AnalysisRequestOptions,
  DEFAULT_ANALYSIS_REQUEST_OPTIONS,
} from './analysisRequestOptions';
import { normalizeAnalysisRequest } from './normalizeAnalysisRequest';

export interface RouterOptions {
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
  /** The namespace gate of a requester (kubernetes.namespace.read), checked before accepting. */
  gateFor?: (
    credentials: BackstageCredentials,
    request?: express.Request,
  ) => NamespaceGate;
  /** What POST /v1/analyses accepts (`rca.analyzableKinds`, `rca.maxWindow*`). Default: the documented defaults. */
  requestOptions?: AnalysisRequestOptions;
  /**
   * Whether the caller may read an analysis that POST would answer with (`existing: true`).
   * Absent: everyone may. False: 403, and the analysis is not revealed.
   */
  canReadAnalysis?: (
    credentials: BackstageCredentials,
    record: AnalysisRecord,
    request?: express.Request,
  ) => Promise<boolean>;
  /** Whether the caller may read a committed report (every namespace it drew from). Absent: everyone may. */
  canReadReport?: (
    credentials: BackstageCredentials,
    report: Pick<RcaReport, 'access'>,
    request?: express.Request,
  ) => Promise<boolean>;
}

const listQuery = z.object({
  entityRef: z.string().min(1).optional(),
  status: z.enum(['queued', 'running', 'completed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function createRouter(o: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  const base = await o.discovery.getExternalBaseUrl('rca');
  const requestOptions = o.requestOptions ?? DEFAULT_ANALYSIS_REQUEST_OPTIONS;

  const links = (
    r: Pick<AnalysisRecord, 'id' | 'entityRef' | 'links'>,
  ): AnalysisLinks => {
    const { kind, namespace, name } = parseEntityRef(r.entityRef);
    return {
      ...r.links,
      self: `${base}/v1/analyses/${r.id}`,
      markdown: `${base}/v1/analyses/${r.id}/markdown`,
      entity: `${
        o.appBaseUrl
      }/catalog/${namespace}/${kind.toLowerCase()}/${name}`,
    };
  };
  /** The answer to POST: a new analysis (202) or the one already running for the incident (200). */
  const accepted = (r: AnalysisRecord, existing: boolean) => ({
    id: r.id,
    status: r.status,
    existing,
    links: links(r),
  });
  /** The analysis already under way for the incident, if the caller may read it (nothing of it otherwise). */
  const acceptedExisting = async (
    credentials: BackstageCredentials,
    r: AnalysisRecord,
  ) => {
    if (o.canReadAnalysis && !(await o.canReadAnalysis(credentials, r)))
      throw new NotAllowedError(
        'An analysis of this incident already exists and you may not read it',
      );
    return accepted(r, true);
  };
  const view = (r: AnalysisRecord, full: boolean) => ({
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
    ...(r.report
      ? {
          result: full
            ? {
                report: r.report,
                markdown: r.markdown,
                commitSha: r.commitSha,
                reportPath: r.reportPath,
              }
            : {
                rootCause: r.report.rootCause,
                status: r.report.status,
                commitSha: r.commitSha,
                reportPath: r.reportPath,
              },
        }
      : {}),
    links: links(r),
  });
  const mayReadAnalysis = async (
    credentials: BackstageCredentials,
    r: AnalysisRecord,
    req: express.Request,
  ) => !o.canReadAnalysis || o.canReadAnalysis(credentials, r, req);
  const mayReadReport = async (
    credentials: BackstageCredentials,
    report: Pick<RcaReport, 'access'>,
    req: express.Request,
  ) => !o.canReadReport || o.canReadReport(credentials, report, req);
  // The namespace check audits the denial; the answer names nothing of the report.
  const notReadable = () =>
    new NotAllowedError(
      'This analysis draws on Kubernetes namespaces you may not read (kubernetes.namespace.read)',
    );
  /** A denial, recorded in the audit trail with the permission and resource at stake. */
  const denied = (
    req: express.Request,
    eventId: string,
    permission: string,
    message: string,
    resourceRef?: string,
  ) =>
    auditDenial(o.auditor, {
      eventId,
      permission,
      message,
      request: req,
      resourceRef,
    });
  const canRead = async (req: express.Request) => {
    const credentials = await o.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await o.permissions.authorize(
      [{ permission: rcaReportReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw await denied(
        req,
        'report-read',
        rcaReportReadPermission.name,
        'You are not allowed to read RCA reports (rca.report.read)',
      );
    return credentials;
  };

  router.post('/v1/analyses', async (req, res) => {
    const credentials = await o.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef, incidentKey, request } = normalizeAnalysisRequest(
      req.body,
      requestOptions,
    );

    const [decision] = await o.permissions.authorize(
      [{ permission: rcaAnalysisCreatePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw await denied(
        req,
        'analysis-create',
        rcaAnalysisCreatePermission.name,
        `You are not allowed to analyse ${entityRef} (rca.analysis.create)`,
        entityRef,
      );
    }
    const entity = await o.catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );

    // The entity's namespaces, before anything is collected: none visible is a 403 (audited per
    // namespace); some visible, and the analysis covers those and lists the rest as gaps.
    const gate = o.gateFor?.(credentials, req);
    if (gate) {
      const preflight = await gate.preflight({
        entityRef,
        entity,
        role: 'target',
        depth: 0,
        kubernetes: kubernetesSelectorOf(entity),
      });
      if (preflight.checked && !preflight.allowed.length)
        throw (
          preflight.denied[0].error ??
          new NotAllowedError(`You may not see any namespace of ${entityRef}`)
        );
    }

    const createdBy = principalRef(credentials);

    const existing = await o.store.getByIncidentKey(incidentKey);
    if (existing && existing.status !== 'failed') {
      res.status(200).json(await acceptedExisting(credentials, existing));
      return;
    }
    let record: AnalysisRecord;
    if (existing) {
      if (!(await o.store.requeue(existing.id, request, createdBy))) {
        const current = (await o.store.get(existing.id))!;
        res.status(200).json(await acceptedExisting(credentials, current));
        return;
      }
      record = (await o.store.get(existing.id))!;
    } else {
      const now = new Date().toISOString();
      const candidate: AnalysisRecord = {
        id: randomUUID(),
        incidentKey,
        entityRef,
        status: 'queued',
        request,
        progress: [],
        links: {},
        createdBy,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await o.store.insert(candidate))) {
        // Lost a race with an identical request: answer with the winner.
        const winner = (await o.store.getByIncidentKey(incidentKey))!;
        res.status(200).json(await acceptedExisting(credentials, winner));
        return;
      }
      record = candidate;
    }
    o.runner.enqueue(record, credentials);
    const event = await o.auditor.createEvent({
      eventId: 'analysis-create',
      severityLevel: 'medium',
      request: req,
      meta: {
        permission: rcaAnalysisCreatePermission.name,
        resourceRef: entityRef,
      },
    });
    await event.success({ meta: { analysisId: record.id } });
    res.status(202).json(accepted(record, false));
  });

  router.get('/v1/analyses', async (req, res) => {
    const credentials = await canRead(req);
    const q = listQuery.safeParse(req.query);
    if (!q.success) throw new InputError(describeSchemaError(q.error));
    let entityRef = q.data.entityRef;
    if (entityRef) {
      try {
        entityRef = stringifyEntityRef(
          parseEntityRef(entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (e) {
        throw new InputError(
          `entityRef: expected [kind:][namespace/]name, got ${quoteInput(
            entityRef,
          )}`,
        );
      }
    }
    const { items, totalCount } = await o.store.list({ ...q.data, entityRef });
    // Only the analyses whose namespaces the caller may read.
    const readable = await Promise.all(
      items.map(r => mayReadAnalysis(credentials, r, req)),
    );
    res.json({
      items: items.filter((_, i) => readable[i]).map(r => view(r, false)),
      totalCount,
      limit: q.data.limit,
      offset: q.data.offset,
    });
  });

  /** A stored analysis the caller may read. */
  const readableAnalysis = async (req: express.Request) => {
    const credentials = await canRead(req);
    const record = await o.store.get(req.params.id);
    if (!record)
      throw new NotFoundError(
        `No analysis with id ${quoteInput(req.params.id)}`,
      );
    if (!(await mayReadAnalysis(credentials, record, req))) throw notReadable();
    return record;
  };

  router.get('/v1/analyses/:id', async (req, res) => {
    const record = await readableAnalysis(req);
    res.json(view(record, true));
  });

  router.get('/v1/analyses/:id/markdown', async (req, res) => {
    const record = await readableAnalysis(req);
    if (!record.markdown)
      throw new NotFoundError(
        `Analysis ${record.id} has no report yet (status ${record.status})`,
      );
    res.type('text/markdown; charset=utf-8').send(record.markdown);
  });

  const committedReport = async (id: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(id))
      throw new InputError(
        `Invalid report id ${JSON.stringify(
          id.slice(0, 80),
        )}: expected the analysis id`,
      );
    const file = await o.reports.find(id);
    if (!file)
      throw new NotFoundError(
        `No committed report for analysis ${id} on branch ${o.reports.branch}`,
      );
    return file;
  };

  /** A committed report the caller may read, with its front matter (or why it does not parse). */
  const readableReport = async (req: express.Request) => {
    const credentials = await canRead(req);
    const file = await committedReport(req.params.id);
    let report: RcaReport | undefined;
    let problem: string | undefined;
    try {
      report = parseReportMarkdown(file.content).report;
    } catch (e) {
      problem = (e as Error).message;
    }
    // Unreadable front matter records no access: admins only.
    if (!(await mayReadReport(credentials, report ?? {}, req)))
      throw notReadable();
    return { file, report, problem };
  };

  router.get('/v1/reports/:id', async (req, res) => {
    const { file, report, problem } = await readableReport(req);
    const { kind, namespace, name } = parseEntityRef(
      reportEntityRef(req.params.id),
    );
    res.json({
      id: req.params.id,
      path: file.path,
      commitSha: file.commitSha,
      committedAt: file.committedAt,
      markdown: file.content,
      ...(report ? { report } : { error: problem }),
      links: {
        ...o.reports.links(file.path, file.commitSha),
        entity: `${o.appBaseUrl}/catalog/${namespace}/${kind}/${name}`,
        markdown: `${base}/v1/reports/${req.params.id}/markdown`,
      },
    });
  });

  router.get('/v1/reports/:id/markdown', async (req, res) => {
    const { file } = await readableReport(req);
    res.type('text/markdown; charset=utf-8').send(file.content);
  });

  return router;
}

function principalRef(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.userEntityRef) return principal.userEntityRef;
  return principal.type === 'service' ? principal.subject : undefined;
}
