import type { AuthService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  type Analysis,
  type AnalysisRequest,
  type AnalysisResult,
  RcaClient,
  type RcaRequestOptions,
  reportEntityRef,
  resolveWindow,
} from '@internal/plugin-rca-common';
import type { RcaAnalyzeActionOptions } from './analyzeOptions';

/** The input of `rca:analyze`, as its schema declares it. */
type RcaAnalyzeInput = {
  entityRef: string;
  last?: string;
  from?: string;
  to?: string;
  title?: string;
  notes?: string;
  incidentKey?: string;
  publish?: boolean;
  timeoutMinutes?: number;
};

/** The output of `rca:analyze`, as its schema declares it. */
type RcaAnalyzeOutput = {
  analysisId: string;
  rootCause: string;
  confidence: number;
  summary: string;
  reportStatus: string;
  commitSha?: string;
  reportPath?: string;
  reportEntityRef: string;
  markdownUrl: string;
  commitUrl?: string;
};

type RcaAnalyzeContext = ActionContext<RcaAnalyzeInput, RcaAnalyzeOutput>;

/** The calls the action makes, as the user who runs the template. */
interface RcaCalls {
  createAnalysis(request: AnalysisRequest): Promise<{ id: string }>;
  getAnalysis(id: string): Promise<Analysis>;
}

/**
 * The rca API with a fresh token of the task's initiator on every call (a run may outlast a token),
 * its errors naming the API's own message (e.g. the field at fault) in the task log.
 */
function rcaCalls(
  ctx: RcaAnalyzeContext,
  options: { client: RcaClient; auth: AuthService },
): RcaCalls {
  const call = async <T>(
    request: (o: RcaRequestOptions) => Promise<T>,
  ): Promise<T> => {
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'rca',
    });
    try {
      return await request({ token, signal: ctx.signal });
    } catch (e) {
      if (!(e instanceof ResponseError)) throw e;
      throw new Error(
        `rca API answered ${e.statusCode}: ${
          e.body?.error?.message ?? e.message
        }`,
      );
    }
  };
  return {
    createAnalysis: request =>
      call(o => options.client.createAnalysis(request, o)),
    getAnalysis: id => call(o => options.client.getAnalysis(id, o)),
  };
}

/** Fixes the window once: a retried task analyses the same minutes, so the API dedupes it. */
function fixWindow(ctx: RcaAnalyzeContext) {
  const { input } = ctx;
  return ctx.checkpoint<{ from: string; to: string }>({
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
}

function outputDryRun(ctx: RcaAnalyzeContext) {
  ctx.output('analysisId', 'dry-run');
  ctx.output('rootCause', 'dry-run');
  ctx.output('confidence', 0);
  ctx.output('summary', 'Dry run: no analysis was started');
  ctx.output('reportStatus', 'dry-run');
  ctx.output('reportEntityRef', reportEntityRef('dry-run'));
  ctx.output('markdownUrl', '');
}

/** Polls the analysis until it completes or fails, streaming its progress into the task log. */
async function waitForAnalysis(
  ctx: RcaAnalyzeContext,
  rca: RcaCalls,
  id: string,
  pollIntervalMs: number,
): Promise<Analysis> {
  const timeoutMinutes = ctx.input.timeoutMinutes ?? 10;
  const deadline = Date.now() + timeoutMinutes * 60_000;
  let seen = 0;
  for (;;) {
    const analysis = await rca.getAnalysis(id);
    for (const p of analysis.progress.slice(seen)) {
      const line = `[${p.step}] ${p.message}`;
      if (p.level === 'warn') ctx.logger.warn(line);
      else ctx.logger.info(line);
    }
    seen = analysis.progress.length;
    if (analysis.status === 'completed' || analysis.status === 'failed')
      return analysis;
    if (Date.now() > deadline)
      throw new Error(
        `Analysis ${id} did not finish within ${timeoutMinutes} minutes; it keeps running, see ${analysis.links.self}`,
      );
    await new Promise(r => setTimeout(r, pollIntervalMs));
  }
}

/** Waits until the committed report is a catalog entity, so the task's link opens a page. */
async function waitForReportEntity(
  ctx: RcaAnalyzeContext,
  catalog: CatalogService,
  entityRef: string,
  waitMs: number,
) {
  ctx.logger.info(`Waiting for ${entityRef} to appear in the catalog`);
  const credentials = await ctx.getInitiatorCredentials();
  const until = Date.now() + waitMs;
  let found = false;
  while (!found && !ctx.signal?.aborted) {
    found = !!(await catalog.getEntityByRef(entityRef, { credentials }));
    if (found || Date.now() > until) break;
    await new Promise(r => setTimeout(r, 500));
  }
  if (found) ctx.logger.info(`Report is in the catalog as ${entityRef}`);
  else
    ctx.logger.warn(
      `${entityRef} is not in the catalog yet; it appears with the next refresh of the rca-reports provider`,
    );
}

/** Logs the root cause and the commit of a completed analysis. */
function logResult(
  ctx: RcaAnalyzeContext,
  { report, commitSha, reportPath }: AnalysisResult,
) {
  ctx.logger.info(
    `Root cause: ${
      report.rootCause.category
    } (confidence ${report.rootCause.confidence.toFixed(2)}): ${
      report.rootCause.title
    }`,
  );
  if (commitSha)
    ctx.logger.info(`Report committed as ${commitSha} at ${reportPath}`);
}

function outputResult(
  ctx: RcaAnalyzeContext,
  id: string,
  { links, result }: Analysis & { result: AnalysisResult },
  entityRef: string,
) {
  const { report, commitSha, reportPath } = result;
  ctx.output('analysisId', id);
  ctx.output('rootCause', report.rootCause.category);
  ctx.output('confidence', report.rootCause.confidence);
  ctx.output('summary', report.summary);
  ctx.output('reportStatus', report.status);
  if (commitSha) ctx.output('commitSha', commitSha);
  if (reportPath) ctx.output('reportPath', reportPath);
  ctx.output('reportEntityRef', entityRef);
  ctx.output('markdownUrl', links.markdown);
  if (links.commit) ctx.output('commitUrl', links.commit);
}

/** The handler of `rca:analyze`. */
export async function handleRcaAnalyze(
  ctx: RcaAnalyzeContext,
  options: RcaAnalyzeActionOptions,
): Promise<void> {
  const { input } = ctx;
  const window = await fixWindow(ctx);
  ctx.logger.info(
    `Analysing ${input.entityRef} from ${window.from} to ${window.to}`,
  );
  if (ctx.isDryRun) {
    outputDryRun(ctx);
    return;
  }
  const rca = rcaCalls(ctx, {
    client: new RcaClient({ discoveryApi: options.discovery }),
    auth: options.auth,
  });
  const started = await ctx.checkpoint<{ id: string }>({
    key: 'analysis',
    fn: async () => {
      const { id } = await rca.createAnalysis({
        entityRef: input.entityRef,
        window,
        title: input.title || undefined,
        notes: input.notes || undefined,
        incidentKey: input.incidentKey || undefined,
        publish: input.publish ?? true,
      });
      return { id };
    },
  });
  const analysis = await waitForAnalysis(
    ctx,
    rca,
    started.id,
    options.pollIntervalMs ?? 1000,
  );
  if (analysis.status === 'failed' || !analysis.result)
    throw new Error(
      `Analysis ${started.id} failed: ${
        analysis.error?.message ?? 'unknown error'
      }`,
    );
  logResult(ctx, analysis.result);
  const entityRef = reportEntityRef(started.id);
  if (analysis.result.commitSha && options.catalog)
    await waitForReportEntity(
      ctx,
      options.catalog,
      entityRef,
      options.catalogWaitMs ?? 30_000,
    );
  outputResult(
    ctx,
    started.id,
    { ...analysis, result: analysis.result },
    entityRef,
  );
}
