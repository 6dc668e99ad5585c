import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type AnalysisProgress,
  reportEntityRef,
  resolveWindow,
} from '@internal/plugin-rca-common';

export interface RcaAnalyzeActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Poll interval while the analysis runs. Default 1 000 ms. */
  pollIntervalMs?: number;
  /**
   * When given, the action waits (up to `catalogWaitMs`, default 30 s) until the committed report
   * is in the catalog, so the task's "Report in the catalog" link opens a page that exists.
   */
  catalog?: CatalogService;
  catalogWaitMs?: number;
}

interface AnalysisView {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: AnalysisProgress[];
  error?: { name: string; message: string };
  result?: {
    report: {
      rootCause: { category: string; title: string; confidence: number };
      summary: string;
      status: string;
    };
    commitSha?: string;
    reportPath?: string;
  };
  links: {
    self: string;
    markdown: string;
    entity?: string;
    commit?: string;
    report?: string;
  };
}

/**
 * `rca:analyze`: asks the rca plugin for an analysis as the user who runs the template, streams its
 * progress into the task log and returns where the report was committed.
 */
export function createRcaAnalyzeAction(options: RcaAnalyzeActionOptions) {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: 'rca:analyze',
    description:
      'Runs a root-cause analysis of a catalog entity over a time window and commits the report to Git',
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The component to analyse, e.g. component:default/payments',
            ),
        last: z =>
          z
            .string()
            .optional()
            .describe(
              'Relative window: 15m, 30m, 1h, 6h or 24h. Ignored when from/to are given. Default 30m.',
            ),
        from: z => z.string().optional().describe('Window start (ISO 8601)'),
        to: z => z.string().optional().describe('Window end (ISO 8601)'),
        title: z => z.string().optional().describe('Report title'),
        notes: z =>
          z
            .string()
            .optional()
            .describe('Notes from the requester, copied into the report'),
        incidentKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Incident id; analyses with the same key are not repeated',
            ),
        publish: z =>
          z
            .boolean()
            .optional()
            .describe('Commit the report to Git. Default true.'),
        timeoutMinutes: z =>
          z
            .number()
            .optional()
            .describe('Give up waiting after this long. Default 10.'),
      },
      output: {
        analysisId: z => z.string(),
        rootCause: z => z.string(),
        confidence: z => z.number(),
        summary: z => z.string(),
        reportStatus: z => z.string(),
        commitSha: z => z.string().optional(),
        reportPath: z => z.string().optional(),
        reportEntityRef: z => z.string(),
        markdownUrl: z => z.string(),
        commitUrl: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      // Fix the window once: a retried task analyses the same minutes, so the API dedupes it.
      const window = await ctx.checkpoint<{ from: string; to: string }>({
        key: 'window',
        fn: async () => {
          const w =
            input.from || input.to
              ? resolveWindow({
                  from: input.from ?? '',
                  to: input.to ?? new Date().toISOString(),
                })
              : resolveWindow({ last: input.last || '30m' });
          return { from: w.from, to: w.to };
        },
      });
      ctx.logger.info(
        `Analysing ${input.entityRef} from ${window.from} to ${window.to}`,
      );
      if (ctx.isDryRun) {
        ctx.output('analysisId', 'dry-run');
        ctx.output('rootCause', 'dry-run');
        ctx.output('confidence', 0);
        ctx.output('summary', 'Dry run: no analysis was started');
        ctx.output('reportStatus', 'dry-run');
        ctx.output('reportEntityRef', reportEntityRef('dry-run'));
        ctx.output('markdownUrl', '');
        return;
      }

      const baseUrl = await options.discovery.getBaseUrl('rca');
      const call = async (path: string, init?: RequestInit) => {
        const { token } = await options.auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'rca',
        });
        const res = await fetch(`${baseUrl}${path}`, {
          ...init,
          signal: ctx.signal,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
        });
        if (!res.ok) {
          // Surface the API's own message (e.g. the field at fault) in the task log.
          const error = await ResponseError.fromResponse(res);
          throw new Error(
            `rca API answered ${res.status}: ${
              error.body?.error?.message ?? error.message
            }`,
          );
        }
        return (await res.json()) as AnalysisView;
      };

      const started = await ctx.checkpoint<{ id: string }>({
        key: 'analysis',
        fn: async () => {
          const res = await call('/v1/analyses', {
            method: 'POST',
            body: JSON.stringify({
              entityRef: input.entityRef,
              window,
              title: input.title || undefined,
              notes: input.notes || undefined,
              incidentKey: input.incidentKey || undefined,
              publish: input.publish ?? true,
            }),
          });
          return { id: res.id };
        },
      });

      const deadline = Date.now() + (input.timeoutMinutes ?? 10) * 60_000;
      let seen = 0;
      let view: AnalysisView;
      for (;;) {
        view = await call(`/v1/analyses/${encodeURIComponent(started.id)}`);
        for (const p of view.progress.slice(seen)) {
          const line = `[${p.step}] ${p.message}`;
          if (p.level === 'warn') ctx.logger.warn(line);
          else ctx.logger.info(line);
        }
        seen = view.progress.length;
        if (view.status === 'completed' || view.status === 'failed') break;
        if (Date.now() > deadline)
          throw new Error(
            `Analysis ${started.id} did not finish within ${
              input.timeoutMinutes ?? 10
            } minutes; it keeps running, see ${view.links.self}`,
          );
        await new Promise(r => setTimeout(r, pollIntervalMs));
      }
      if (view.status === 'failed' || !view.result) {
        throw new Error(
          `Analysis ${started.id} failed: ${
            view.error?.message ?? 'unknown error'
          }`,
        );
      }
      const { report, commitSha, reportPath } = view.result;
      ctx.logger.info(
        `Root cause: ${
          report.rootCause.category
        } (confidence ${report.rootCause.confidence.toFixed(2)}): ${
          report.rootCause.title
        }`,
      );
      if (commitSha)
        ctx.logger.info(`Report committed as ${commitSha} at ${reportPath}`);
      const entityRef = reportEntityRef(started.id);
      if (commitSha && options.catalog) {
        ctx.logger.info(`Waiting for ${entityRef} to appear in the catalog`);
        const credentials = await ctx.getInitiatorCredentials();
        const until = Date.now() + (options.catalogWaitMs ?? 30_000);
        let found = false;
        while (!found && !ctx.signal?.aborted) {
          found = !!(await options.catalog.getEntityByRef(entityRef, {
            credentials,
          }));
          if (found || Date.now() > until) break;
          await new Promise(r => setTimeout(r, 500));
        }
        if (found) ctx.logger.info(`Report is in the catalog as ${entityRef}`);
        else
          ctx.logger.warn(
            `${entityRef} is not in the catalog yet; it appears with the next refresh of the rca-reports provider`,
          );
      }
      ctx.output('analysisId', started.id);
      ctx.output('rootCause', report.rootCause.category);
      ctx.output('confidence', report.rootCause.confidence);
      ctx.output('summary', report.summary);
      ctx.output('reportStatus', report.status);
      if (commitSha) ctx.output('commitSha', commitSha);
      if (reportPath) ctx.output('reportPath', reportPath);
      ctx.output('reportEntityRef', entityRef);
      ctx.output('markdownUrl', view.links.markdown);
      if (view.links.commit) ctx.output('commitUrl', view.links.commit);
    },
  });
}
