import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  type CommittedReport,
  parseReportMarkdown,
  type RcaReport,
  reportEntityRef,
} from '@internal/plugin-rca-common';
import type { ReportRepository } from '@internal/plugin-rca-node';
import type express from 'express';
import { ReadChecks } from './readChecks';

export interface ReportRoutesOptions {
  /** Committed reports, read from Git (they outlive the analyses table). */
  reports: ReportRepository;
  checks: ReadChecks;
  /** The external base URL of the rca API. */
  base: string;
  appBaseUrl: string;
}

/** `GET /v1/reports/:id` and its `/markdown`: committed reports, read from Git. */
export function addReportRoutes(
  router: express.Router,
  o: ReportRoutesOptions,
): void {
  const { reports, checks } = o;

  const committedReport = async (id: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(id))
      throw new InputError(
        `Invalid report id ${JSON.stringify(
          id.slice(0, 80),
        )}: expected the analysis id`,
      );
    const file = await reports.find(id);
    if (!file)
      throw new NotFoundError(
        `No committed report for analysis ${id} on branch ${reports.branch}`,
      );
    return file;
  };

  /** A committed report the caller may read, with its front matter (or why it does not parse). */
  const readableReport = async (req: express.Request) => {
    const credentials = await checks.reader(req);
    const file = await committedReport(req.params.id);
    let report: RcaReport | undefined;
    let problem: string | undefined;
    try {
      report = parseReportMarkdown(file.content).report;
    } catch (e) {
      problem = (e as Error).message;
    }
    // Unreadable front matter records no access: admins only.
    if (!(await checks.mayReadReport(credentials, report ?? {}, req)))
      throw ReadChecks.notReadable();
    return { file, report, problem };
  };

  router.get('/v1/reports/:id', async (req, res) => {
    const { file, report, problem } = await readableReport(req);
    const { kind, namespace, name } = parseEntityRef(
      reportEntityRef(req.params.id),
    );
    const body: CommittedReport = {
      id: req.params.id,
      path: file.path,
      commitSha: file.commitSha,
      committedAt: file.committedAt,
      markdown: file.content,
      ...(report ? { report } : { error: problem }),
      links: {
        ...reports.links(file.path, file.commitSha),
        entity: `${o.appBaseUrl}/catalog/${namespace}/${kind}/${name}`,
        markdown: `${o.base}/v1/reports/${req.params.id}/markdown`,
      },
    };
    res.json(body);
  });

  router.get('/v1/reports/:id/markdown', async (req, res) => {
    const { file } = await readableReport(req);
    res.type('text/markdown; charset=utf-8').send(file.content);
  });
}
